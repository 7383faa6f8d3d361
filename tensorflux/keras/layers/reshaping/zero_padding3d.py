"""``ZeroPadding3D``: zeros around volumes."""

from __future__ import annotations

from ...api_export import keras_export
from .base_padding import BaseZeroPadding, standardize_pairs


@keras_export("keras.layers.ZeroPadding3D")
class ZeroPadding3D(BaseZeroPadding):
    """``padding``: an int, 3 ints, or 3 ``(before, after)`` pairs."""

    rank = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._setup(data_format)
        self.padding = standardize_pairs(padding, 3, "padding", "a tuple of 3 ints (symmetric_dim1_pad, "
                                         "symmetric_dim2_pad, symmetric_dim3_pad), or a tuple of 3 tuples of 2 ints "
                                         "((left_dim1_pad, right_dim1_pad), (left_dim2_pad, right_dim2_pad), "
                                         "(left_dim3_pad, right_dim2_pad))")
