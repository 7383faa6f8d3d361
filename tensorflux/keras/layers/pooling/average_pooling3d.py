"""``AveragePooling3D``: 3-D average pooling."""

from __future__ import annotations

from ...api_export import keras_export
from .base_pooling import BasePooling


@keras_export(["keras.layers.AveragePooling3D", "keras.layers.AvgPool3D"])
class AveragePooling3D(BasePooling):
    """The mean of each window of a volume (``pool_size`` defaults to 2x2x2).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.AveragePooling3D()(tf.ones((1, 4, 4, 4, 1))).shape
    TensorShape([1, 2, 2, 2, 1])
    """

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=3, pool_mode="average", padding=padding,
                         data_format=data_format, name=name, **kwargs)
