"""``Softmax``: normalised exponentials along an axis, with an optional mask."""

from __future__ import annotations

import tensorflux as tf

from ... import activations
from ...api_export import keras_export
from ..layer import Layer


def _large_negative_number(dtype):
    return -3e4 if dtype == "float16" else -1e9


@keras_export("keras.layers.Softmax")
class Softmax(Layer):
    """Softmax along ``axis``; masked-out positions (``mask`` false) get probability 0.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Softmax()(tf.constant([[1.0, 1.0]])).numpy()
    array([[0.5, 0.5]], dtype=float32)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = tf.convert_to_tensor(mask)
            if mask.dtype != tf.bool:
                mask = mask > tf.cast(0.5, mask.dtype)
            inputs = tf.where(mask, inputs, tf.cast(_large_negative_number(inputs.dtype), inputs.dtype))
        if isinstance(self.axis, (tuple, list)) and len(self.axis) > 1:
            outputs = tf.exp(inputs - tf.reduce_logsumexp(inputs, axis=list(self.axis), keepdims=True))
        else:
            axis = self.axis[0] if isinstance(self.axis, (tuple, list)) else self.axis
            outputs = activations.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = tf.where(mask, outputs, tf.zeros_like(outputs))
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
