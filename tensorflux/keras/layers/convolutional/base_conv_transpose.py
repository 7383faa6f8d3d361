"""``BaseConvTranspose``: transposed ("deconvolution") layers of any rank, as Conv*DTranspose.

The kernel has shape ``kernel_size + (filters, input_channels)`` — outputs and inputs swapped,
as TF's ``conv_transpose`` expects — and ``output_padding`` fixes the output size when the
strides leave it ambiguous.
"""

from __future__ import annotations

import tensorflux as tf

from ... import config
from ...utils.argument_validation import standardize_padding, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer
from .conv_utils import conv_transpose_output_shape, set_weight_options, tf_data_format, weight_options_config


class BaseConvTranspose(Layer):
    """A ``rank``-D transposed convolution layer."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", output_padding=None, data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = filters
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding)
        self.output_padding = None if output_padding is None else standardize_tuple(output_padding, rank,
                                                                                     "output_padding",
                                                                                     allow_zero=True)
        self.data_format = config.standardize_data_format(data_format)
        set_weight_options(self, activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                           bias_regularizer, kernel_constraint, bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2)
        if self.filters is not None and self.filters <= 0:
            raise ValueError(f"Invalid value for argument `filters`. Expected a strictly positive value. Received "
                             f"filters={self.filters}.")
        if not all(self.kernel_size):
            raise ValueError(f"The argument `kernel_size` cannot contain 0. Received kernel_size={self.kernel_size}.")
        if not all(self.strides):
            raise ValueError(f"The argument `strides` cannot contains 0. Received strides={self.strides}.")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                             f"strides={self.strides} and dilation_rate={self.dilation_rate}")

    def build(self, input_shape):
        channel_axis = -1 if self.data_format == "channels_last" else 1
        input_channel = input_shape[channel_axis]
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: input_channel})
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (self.filters, input_channel),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint, trainable=True, dtype=self.dtype)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True, dtype=self.dtype)
        else:
            self.bias = None

    def call(self, inputs):
        static = inputs.shape.as_list()
        dynamic = tf.shape(inputs)
        shape = [dynamic[i] if d is None else d for i, d in enumerate(static)]
        output_shape = conv_transpose_output_shape(shape, self.kernel_size, self.filters, self.strides, self.padding,
                                                   self.output_padding, self.data_format, self.dilation_rate)
        if any(tf.is_tensor(d) for d in output_shape):
            output_shape = tf.stack([tf.cast(d, tf.int32) for d in output_shape])
        outputs = tf.nn.conv_transpose(inputs, self.kernel, output_shape, list(self.strides),
                                       padding=self.padding.upper(),
                                       data_format=tf_data_format(self.data_format, self.rank),
                                       dilations=list(self.dilation_rate))
        if self.use_bias:
            shape = (1,) * (self.rank + 1) + (self.filters,) if self.data_format == "channels_last" else \
                (1, self.filters) + (1,) * self.rank
            outputs = outputs + tf.reshape(self.bias, shape)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return conv_transpose_output_shape(input_shape, self.kernel_size, self.filters, self.strides, self.padding,
                                           self.output_padding, self.data_format, self.dilation_rate)

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "output_padding": self.output_padding,
                "data_format": self.data_format, "dilation_rate": self.dilation_rate,
                **weight_options_config(self)}
