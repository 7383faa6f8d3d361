"""``Cropping2D``: rows and columns cut from the borders of images."""

from __future__ import annotations

from ...api_export import keras_export
from .base_padding import BaseCropping, standardize_pairs


@keras_export("keras.layers.Cropping2D")
class Cropping2D(BaseCropping):
    """``cropping``: an int, ``(rows, cols)`` or ``((top, bottom), (left, right))``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Cropping2D(1)(tf.ones((1, 5, 5, 1))).shape
    TensorShape([1, 3, 3, 1])
    """

    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._setup(data_format)
        self.cropping = standardize_pairs(cropping, 2, "cropping", "a tuple of 2 ints (symmetric_height_crop, "
                                          "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, "
                                          "bottom_crop), (left_crop, right_crop))")
