"""``Activation``: applies an activation function (by name or callable) to its input."""

from __future__ import annotations

from ... import activations
from ...api_export import keras_export
from ..layer import Layer


@keras_export("keras.layers.Activation")
class Activation(Layer):
    """Applies ``activation`` elementwise.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Activation("relu")(tf.constant([-1.0, 2.0])).numpy()
    array([0., 2.], dtype=float32)
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self._build_at_init()

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
