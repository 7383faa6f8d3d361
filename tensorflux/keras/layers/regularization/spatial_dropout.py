"""``SpatialDropout1D/2D/3D``: dropout of whole feature maps (one draw per example and channel)."""

from __future__ import annotations

from ... import config
from ...api_export import keras_export
from ..input_spec import InputSpec
from .dropout import Dropout, dropout


class BaseSpatialDropout(Dropout):
    """Dropout whose noise is shared along the spatial axes."""

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            return dropout(inputs, self.rate, noise_shape=self._noise_shape(), seed=self.seed)
        return inputs

    def _noise_shape(self):
        rank = self.input_spec.ndim
        if getattr(self, "data_format", "channels_last") == "channels_first":
            return (None, None) + (1,) * (rank - 2)
        return (None,) + (1,) * (rank - 2) + (None,)

    def get_config(self) -> dict:
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


@keras_export("keras.layers.SpatialDropout1D")
class SpatialDropout1D(BaseSpatialDropout):
    """Drops entire 1D feature maps: inputs ``(batch, steps, channels)``."""

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=3)


@keras_export("keras.layers.SpatialDropout2D")
class SpatialDropout2D(BaseSpatialDropout):
    """Drops entire 2D feature maps: inputs ``(batch, rows, cols, channels)`` (channels last)."""

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


@keras_export("keras.layers.SpatialDropout3D")
class SpatialDropout3D(BaseSpatialDropout):
    """Drops entire 3D feature maps: inputs ``(batch, d1, d2, d3, channels)`` (channels last)."""

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}
