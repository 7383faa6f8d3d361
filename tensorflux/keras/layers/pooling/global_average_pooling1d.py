"""``GlobalAveragePooling1D``: the mean over all 1-D spatial positions, per channel."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_global_pooling import BaseGlobalPooling


@keras_export(["keras.layers.GlobalAveragePooling1D", "keras.layers.GlobalAvgPool1D"])
class GlobalAveragePooling1D(BaseGlobalPooling):
    """The mean of each channel over the spatial axes.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.GlobalAveragePooling1D()(tf.ones((2, 5, 3))).shape
    TensorShape([2, 3])
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs, mask=None):
        if mask is not None:
            steps_axis = self._spatial_axes()[0]
            weights = tf.cast(tf.expand_dims(tf.cast(mask, tf.bool), 2 if steps_axis == 1 else 1), inputs.dtype)
            total = tf.reduce_sum(inputs * weights, axis=steps_axis, keepdims=self.keepdims)
            return total / tf.reduce_sum(weights, axis=steps_axis, keepdims=self.keepdims)
        return tf.reduce_mean(inputs, axis=self._spatial_axes(), keepdims=self.keepdims)

    def compute_mask(self, inputs, mask=None):
        return None
