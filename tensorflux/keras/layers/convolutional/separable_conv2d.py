"""``SeparableConv2D``: a depthwise convolution, then a 1x1 convolution mixing the channels."""

from __future__ import annotations

import tensorflux as tf

from ... import constraints, initializers, regularizers
from ...api_export import keras_export
from ..input_spec import InputSpec
from .conv_utils import conv_output_shape, tf_data_format
from .depthwise_conv2d import DepthwiseConv2D


@keras_export(["keras.layers.SeparableConv2D", "keras.layers.SeparableConvolution2D"])
class SeparableConv2D(DepthwiseConv2D):
    """Depthwise kernel ``kernel_size + (channels, depth_multiplier)``, pointwise ``(1, 1, channels * M, filters)``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.SeparableConv2D(4, 3)(tf.ones((1, 5, 5, 3))).shape
    TensorShape([1, 3, 3, 4])
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1),
                 depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides=strides, padding=padding, depth_multiplier=depth_multiplier,
                         data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                         use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                         bias_initializer=bias_initializer, depthwise_regularizer=depthwise_regularizer,
                         bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                         depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint, **kwargs)
        if filters is not None and filters <= 0:
            raise ValueError(f"Invalid value for argument `filters`. Expected a strictly positive value. Received "
                             f"filters={filters}.")
        self.filters = filters
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        channel_axis = -1 if self.data_format == "channels_last" else 1
        channels = input_shape[channel_axis]
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: channels})
        self.compute_output_shape(input_shape)
        self.depthwise_kernel = self.add_weight(name="depthwise_kernel",
                                                shape=self.kernel_size + (channels, self.depth_multiplier),
                                                initializer=self.depthwise_initializer,
                                                regularizer=self.depthwise_regularizer,
                                                constraint=self.depthwise_constraint, trainable=True, dtype=self.dtype)
        self.pointwise_kernel = self.add_weight(name="pointwise_kernel",
                                                shape=(1,) * self.rank + (self.depth_multiplier * channels,
                                                                          self.filters),
                                                initializer=self.pointwise_initializer,
                                                regularizer=self.pointwise_regularizer,
                                                constraint=self.pointwise_constraint, trainable=True, dtype=self.dtype)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        trainable=True, dtype=self.dtype)
        else:
            self.bias = None

    def call(self, inputs):
        fmt = tf_data_format(self.data_format, self.rank)
        strides = (1, *self.strides, 1) if self.data_format == "channels_last" else (1, 1, *self.strides)
        outputs = tf.nn.separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel, strides,
                                         self.padding.upper(), data_format=fmt, dilations=list(self.dilation_rate))
        if self.use_bias:
            shape = (1,) * (self.rank + 1) + (self.filters,) if self.data_format == "channels_last" else \
                (1, self.filters) + (1,) * self.rank
            outputs = outputs + tf.reshape(self.bias, shape)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return conv_output_shape(input_shape, self.filters, self.kernel_size, self.strides, self.padding,
                                 self.data_format, self.dilation_rate)

    def get_config(self) -> dict:
        config = super().get_config()
        order = ["name", "trainable", "dtype", "depth_multiplier", "filters", "kernel_size", "strides", "padding",
                 "data_format", "dilation_rate", "activation", "use_bias", "depthwise_initializer",
                 "pointwise_initializer", "bias_initializer", "depthwise_regularizer", "pointwise_regularizer",
                 "bias_regularizer", "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                 "bias_constraint"]
        config.update(filters=self.filters, pointwise_initializer=initializers.serialize(self.pointwise_initializer),
                      pointwise_regularizer=regularizers.serialize(self.pointwise_regularizer),
                      pointwise_constraint=constraints.serialize(self.pointwise_constraint))
        return {k: config[k] for k in order if k in config} | {k: v for k, v in config.items() if k not in order}
