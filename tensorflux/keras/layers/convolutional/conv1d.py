"""``Conv1D``: 1-D convolution over sequences ``(batch, steps, channels)`` (``padding='causal'`` allowed)."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_conv import BaseConv


@keras_export(["keras.layers.Conv1D", "keras.layers.Convolution1D"])
class Conv1D(BaseConv):
    """1-D convolution over sequences ``(batch, steps, channels)`` (``padding='causal'`` allowed).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Conv1D(4, 3)(tf.ones((2, 10, 3))).shape
    TensorShape([2, 8, 4])
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1, groups=1,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(rank=1, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, groups=groups, activation=activation,
                         use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)

    def _causal_padding(self):
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        return [[0, 0], [left, 0], [0, 0]] if self.data_format == "channels_last" else [[0, 0], [0, 0], [left, 0]]

    def convolution_op(self, inputs, kernel):
        if self.padding == "causal":
            return self._convolve(tf.pad(inputs, self._causal_padding()), kernel, "valid")
        return self._convolve(inputs, kernel, self.padding)
