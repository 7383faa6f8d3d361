"""``GlobalAveragePooling2D``: the mean over all 2-D spatial positions, per channel."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_global_pooling import BaseGlobalPooling


@keras_export(["keras.layers.GlobalAveragePooling2D", "keras.layers.GlobalAvgPool2D"])
class GlobalAveragePooling2D(BaseGlobalPooling):
    """The mean of each channel over the spatial axes.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.GlobalAveragePooling2D()(tf.ones((2, 5, 5, 3))).shape
    TensorShape([2, 3])
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=2, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return tf.reduce_mean(inputs, axis=self._spatial_axes(), keepdims=self.keepdims)
