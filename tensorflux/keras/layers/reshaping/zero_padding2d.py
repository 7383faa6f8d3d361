"""``ZeroPadding2D``: rows and columns of zeros around images."""

from __future__ import annotations

from ...api_export import keras_export
from .base_padding import BaseZeroPadding, standardize_pairs


@keras_export("keras.layers.ZeroPadding2D")
class ZeroPadding2D(BaseZeroPadding):
    """``padding``: an int, ``(rows, cols)`` or ``((top, bottom), (left, right))``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.ZeroPadding2D(2)(tf.ones((1, 4, 4, 1))).shape
    TensorShape([1, 8, 8, 1])
    """

    rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._setup(data_format)
        self.padding = standardize_pairs(padding, 2, "padding", "a tuple of 2 ints (symmetric_height_crop, "
                                         "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, "
                                         "bottom_crop), (left_crop, right_crop))")
