"""``MaxPooling2D``: 2-D max pooling."""

from __future__ import annotations

from ...api_export import keras_export
from .base_pooling import BasePooling


@keras_export(["keras.layers.MaxPooling2D", "keras.layers.MaxPool2D"])
class MaxPooling2D(BasePooling):
    """The maximum of each ``pool_size`` window.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.MaxPooling2D()(tf.ones((1, 28, 28, 3))).shape
    TensorShape([1, 14, 14, 3])
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=2, pool_mode="max", padding=padding,
                         data_format=data_format, name=name, **kwargs)
