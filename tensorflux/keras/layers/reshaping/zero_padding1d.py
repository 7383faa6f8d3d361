"""``ZeroPadding1D``: zeros added at the start and end of the steps axis."""

from __future__ import annotations

from ...api_export import keras_export
from ...utils.argument_validation import standardize_tuple
from .base_padding import BaseZeroPadding


@keras_export("keras.layers.ZeroPadding1D")
class ZeroPadding1D(BaseZeroPadding):
    """``padding``: an int (both ends) or ``(before, after)``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.ZeroPadding1D(2)(tf.ones((1, 3, 1))).shape
    TensorShape([1, 7, 1])
    """

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._setup(data_format)
        self.padding = (standardize_tuple(padding, 2, "padding", allow_zero=True),)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding[0]}
