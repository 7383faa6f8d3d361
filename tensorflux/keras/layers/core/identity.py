"""``Identity``: returns its input unchanged (a placeholder layer)."""

from __future__ import annotations

from ....framework import nest
from ...api_export import keras_export
from ...graph.keras_tensor import KerasTensor
from ..layer import Layer


@keras_export("keras.layers.Identity")
class Identity(Layer):
    """The identity.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Identity()(tf.constant([1.0])).numpy()
    array([1.], dtype=float32)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, inputs):
        return nest.map_structure(lambda x: KerasTensor(x.shape, x.dtype), inputs)
