"""``BaseGlobalPooling``: one value per channel, reduced over all spatial axes."""

from __future__ import annotations

from ... import config
from ..input_spec import InputSpec
from ..layer import Layer


class BaseGlobalPooling(Layer):
    """Reduces the spatial axes (kept as size 1 with ``keepdims=True``)."""

    def __init__(self, pool_dimensions, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self._build_at_init()

    def _spatial_axes(self):
        rank = self.input_spec.ndim - 2
        return list(range(1, rank + 1)) if self.data_format == "channels_last" else list(range(2, rank + 2))

    def compute_output_shape(self, input_shape):
        spatial = len(input_shape) - 2
        if self.data_format == "channels_last":
            if self.keepdims:
                return (input_shape[0],) + (1,) * spatial + (input_shape[-1],)
            return (input_shape[0], input_shape[-1])
        if self.keepdims:
            return (input_shape[0], input_shape[1]) + (1,) * spatial
        return (input_shape[0], input_shape[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}
