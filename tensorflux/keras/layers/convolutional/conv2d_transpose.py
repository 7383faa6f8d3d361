"""``Conv2DTranspose``: the 2-D transposed convolution (the gradient of ``Conv2D``, used to upsample)."""

from __future__ import annotations

from ...api_export import keras_export
from .base_conv_transpose import BaseConvTranspose


@keras_export(["keras.layers.Conv2DTranspose", "keras.layers.Convolution2DTranspose"])
class Conv2DTranspose(BaseConvTranspose):
    """A 2-D transposed convolution.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Conv2DTranspose(2, 3, strides=2, padding="same")(tf.ones((1, 4, 4, 1))).shape
    TensorShape([1, 8, 8, 2])
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None, data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=2, filters=filters, kernel_size=kernel_size, strides=strides, padding=padding,
                         output_padding=output_padding, data_format=data_format, dilation_rate=dilation_rate,
                         activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                         bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, **kwargs)
