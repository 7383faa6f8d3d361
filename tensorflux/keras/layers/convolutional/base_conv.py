"""``BaseConv``: the convolution layer of any rank (1, 2, 3) — Conv1D/2D/3D set the rank.

The kernel has shape ``kernel_size + (input_channels // groups, filters)``; the layer computes
``activation(conv(inputs, kernel) + bias)`` with ``tf.nn.convolution``.
"""

from __future__ import annotations

import tensorflux as tf

from ... import config
from ...utils.argument_validation import standardize_padding, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer
from .conv_utils import conv_output_shape, set_weight_options, tf_data_format, weight_options_config


class BaseConv(Layer):
    """A ``rank``-D convolution layer (Keras' ``BaseConv``)."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = filters
        self.groups = groups
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding, allow_causal=rank == 1)
        self.data_format = config.standardize_data_format(data_format)
        set_weight_options(self, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                           bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2)
        if self.filters is not None and self.filters <= 0:
            raise ValueError(f"Invalid value for argument `filters`. Expected a strictly positive value. Received "
                             f"filters={self.filters}.")
        if self.groups <= 0:
            raise ValueError(f"The number of groups must be a positive integer. Received: groups={self.groups}.")
        if self.filters is not None and self.filters % self.groups != 0:
            raise ValueError(f"The number of filters must be evenly divisible by the number of groups. Received: "
                             f"groups={self.groups}, filters={self.filters}.")
        if not all(self.kernel_size):
            raise ValueError(f"The argument `kernel_size` cannot contain 0. Received kernel_size={self.kernel_size}.")
        if not all(self.strides):
            raise ValueError(f"The argument `strides` cannot contains 0. Received strides={self.strides}")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                             f"strides={self.strides} and dilation_rate={self.dilation_rate}")

    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape):
        channel_axis = self._channel_axis()
        input_channel = input_shape[channel_axis]
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: input_channel})
        if input_channel % self.groups != 0:
            raise ValueError(f"The number of input channels must be evenly divisible by the number of groups. "
                             f"Received groups={self.groups}, but the input has {input_channel} channels (full input "
                             f"shape is {tuple(input_shape)}).")
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (input_channel // self.groups,
                                                                                self.filters),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True, dtype=self.dtype)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True, dtype=self.dtype)
        else:
            self.bias = None

    def convolution_op(self, inputs, kernel):
        return self._convolve(inputs, kernel, self.padding)

    def _convolve(self, inputs, kernel, padding):
        fmt = tf_data_format(self.data_format, self.rank)
        if self.groups == 1:
            return tf.nn.convolution(inputs, kernel, strides=list(self.strides), padding=padding.upper(),
                                     data_format=fmt, dilations=list(self.dilation_rate))
        axis = self._channel_axis()
        pieces = zip(tf.split(inputs, self.groups, axis=axis), tf.split(kernel, self.groups, axis=-1))
        return tf.concat([tf.nn.convolution(x, k, strides=list(self.strides), padding=padding.upper(),
                                            data_format=fmt, dilations=list(self.dilation_rate)) for x, k in pieces],
                         axis=axis)

    def _add_bias_and_activate(self, outputs, channels):
        if self.use_bias:
            if self.data_format == "channels_last":
                shape = (1,) * (self.rank + 1) + (channels,)
            else:
                shape = (1, channels) + (1,) * self.rank
            outputs = outputs + tf.reshape(self.bias, shape)
        return self.activation(outputs)

    def call(self, inputs):
        return self._add_bias_and_activate(self.convolution_op(inputs, self.kernel), self.filters)

    def compute_output_shape(self, input_shape):
        return conv_output_shape(input_shape, self.filters, self.kernel_size, self.strides, self.padding,
                                 self.data_format, self.dilation_rate)

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                **weight_options_config(self)}
