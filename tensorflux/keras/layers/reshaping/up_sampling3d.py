"""``UpSampling3D``: volumes scaled up by repeating along each spatial axis."""

from __future__ import annotations

from ...api_export import keras_export
from ...utils.argument_validation import standardize_tuple
from ...utils.tensor_utils import repeat
from .base_padding import SpatialLayer


@keras_export("keras.layers.UpSampling3D")
class UpSampling3D(SpatialLayer):
    """Repeats along the three spatial axes by ``size``."""

    rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._setup(data_format)
        self.size = standardize_tuple(size, 3, "size")

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(self._spatial_axes(), self.size):
            shape[axis] = factor * shape[axis] if shape[axis] is not None else None
        return tuple(shape)

    def call(self, inputs):
        x = inputs
        for axis, factor in zip(self._spatial_axes(), self.size):
            x = repeat(x, factor, axis=axis)
        return x

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
