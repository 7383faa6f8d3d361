"""``BasePooling``: max or average pooling of any rank (MaxPooling1D/2D/3D, AveragePooling1D/2D/3D)."""

from __future__ import annotations

import tensorflux as tf

from ... import config
from ...utils.argument_validation import standardize_tuple
from ..convolutional.conv_utils import pooling_output_shape, tf_data_format
from ..input_spec import InputSpec
from ..layer import Layer


class BasePooling(Layer):
    """Pools windows of ``pool_size`` every ``strides`` (default: ``pool_size``)."""

    def __init__(self, pool_size, strides, pool_dimensions, pool_mode="max", padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = standardize_tuple(pool_size, pool_dimensions, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = standardize_tuple(strides, pool_dimensions, "strides", allow_zero=True)
        self.pool_mode = pool_mode
        self.padding = padding
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self._build_at_init()

    def call(self, inputs):
        rank = len(self.pool_size)
        pool = {"max": tf.nn.max_pool, "average": tf.nn.avg_pool}.get(self.pool_mode)
        if pool is None:
            raise ValueError(f"`pool_mode` must be either 'max' or 'average'. Received: {self.pool_mode}.")
        return pool(inputs, list(self.pool_size), list(self.strides), self.padding.upper(),
                    data_format=tf_data_format(self.data_format, rank))

    def compute_output_shape(self, input_shape):
        return pooling_output_shape(input_shape, self.pool_size, self.strides, self.padding, self.data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding, "strides": self.strides,
                "data_format": self.data_format}
