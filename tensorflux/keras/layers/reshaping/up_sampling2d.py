"""``UpSampling2D``: rows and columns repeated (nearest) or interpolated (bilinear, …)."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from ...utils.argument_validation import standardize_tuple
from ...utils.tensor_utils import repeat
from .base_padding import SpatialLayer


@keras_export("keras.layers.UpSampling2D")
class UpSampling2D(SpatialLayer):
    """Scales images up by ``size = (rows, cols)``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.UpSampling2D()(tf.ones((1, 2, 3, 1))).shape
    TensorShape([1, 4, 6, 1])
    """

    rank = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self._setup(data_format)
        self.size = standardize_tuple(size, 2, "size")
        self.interpolation = interpolation.lower()

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(self._spatial_axes(), self.size):
            shape[axis] = factor * shape[axis] if shape[axis] is not None else None
        return tuple(shape)

    def call(self, inputs):
        x = inputs
        if self.data_format == "channels_first":
            x = tf.transpose(x, [0, 2, 3, 1])
        if self.interpolation == "nearest":
            x = repeat(x, self.size[0], axis=1)
            x = repeat(x, self.size[1], axis=2)
        else:
            from ...utils.image_utils import resize

            x = resize(x, (x.shape[1] * self.size[0], x.shape[2] * self.size[1]), self.interpolation)
        if self.data_format == "channels_first":
            x = tf.transpose(x, [0, 3, 1, 2])
        return x

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}
