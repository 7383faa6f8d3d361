"""``AveragePooling2D``: 2-D average pooling."""

from __future__ import annotations

from ...api_export import keras_export
from .base_pooling import BasePooling


@keras_export(["keras.layers.AveragePooling2D", "keras.layers.AvgPool2D"])
class AveragePooling2D(BasePooling):
    """The mean of each window (``pool_size`` defaults to 2x2, as in Keras 2: a deliberate difference).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.AveragePooling2D()(tf.ones((1, 28, 28, 3))).shape
    TensorShape([1, 14, 14, 3])
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=2, pool_mode="average", padding=padding,
                         data_format=data_format, name=name, **kwargs)
