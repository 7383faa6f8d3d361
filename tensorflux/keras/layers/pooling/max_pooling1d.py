"""``MaxPooling1D``: 1-D max pooling."""

from __future__ import annotations

from ...api_export import keras_export
from .base_pooling import BasePooling


@keras_export(["keras.layers.MaxPooling1D", "keras.layers.MaxPool1D"])
class MaxPooling1D(BasePooling):
    """The maximum of each window of ``pool_size`` steps.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.MaxPooling1D()(tf.ones((1, 6, 2))).shape
    TensorShape([1, 3, 2])
    """

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="max", padding=padding,
                         data_format=data_format, name=name, **kwargs)
