"""``GlobalMaxPooling3D``: the maximum over all 3-D spatial positions, per channel."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_global_pooling import BaseGlobalPooling


@keras_export(["keras.layers.GlobalMaxPooling3D", "keras.layers.GlobalMaxPool3D"])
class GlobalMaxPooling3D(BaseGlobalPooling):
    """The maximum of each channel over the spatial axes.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.GlobalMaxPooling3D()(tf.ones((2, 3, 3, 3, 4))).shape
    TensorShape([2, 4])
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=3, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return tf.reduce_max(inputs, axis=self._spatial_axes(), keepdims=self.keepdims)
