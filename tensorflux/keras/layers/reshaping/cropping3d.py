"""``Cropping3D``: slices cut from the borders of volumes."""

from __future__ import annotations

from ...api_export import keras_export
from .base_padding import BaseCropping, standardize_pairs


@keras_export("keras.layers.Cropping3D")
class Cropping3D(BaseCropping):
    """``cropping``: an int, 3 ints, or 3 ``(before, after)`` pairs."""

    rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._setup(data_format)
        self.cropping = standardize_pairs(cropping, 3, "cropping", "a tuple of 3 ints (symmetric_dim1_crop, "
                                          "symmetric_dim2_crop, symmetric_dim3_crop), or a tuple of 3 tuples of 2 "
                                          "ints ((left_dim1_crop, right_dim1_crop), (left_dim2_crop, "
                                          "right_dim2_crop), (left_dim3_crop, right_dim2_crop))")
