"""``AveragePooling1D``: 1-D average pooling."""

from __future__ import annotations

from ...api_export import keras_export
from .base_pooling import BasePooling


@keras_export(["keras.layers.AveragePooling1D", "keras.layers.AvgPool1D"])
class AveragePooling1D(BasePooling):
    """The mean of each window (``pool_size`` defaults to 2, as in Keras 2: a deliberate difference).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.AveragePooling1D()(tf.ones((1, 6, 2))).shape
    TensorShape([1, 3, 2])
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="average", padding=padding,
                         data_format=data_format, name=name, **kwargs)
