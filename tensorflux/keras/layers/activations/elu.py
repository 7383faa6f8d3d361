"""``ELU``: exponential linear unit, ``alpha * (exp(x) - 1)`` for negative inputs."""

from __future__ import annotations

from ... import activations
from ...api_export import keras_export
from ..layer import Layer


@keras_export("keras.layers.ELU")
class ELU(Layer):
    """Applies ``activations.elu`` (its config comes from the constructor arguments, as in Keras).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.ELU()(tf.constant([0.0, 1.0])).numpy()
    array([0., 1.], dtype=float32)
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape
