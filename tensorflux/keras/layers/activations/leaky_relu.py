"""``LeakyReLU``: ``x`` for positive inputs, ``negative_slope * x`` otherwise."""

from __future__ import annotations

import warnings

from ... import activations
from ...api_export import keras_export
from ..layer import Layer


@keras_export("keras.layers.LeakyReLU")
class LeakyReLU(Layer):
    """A leaky ReLU (``negative_slope`` 0.3 by default; ``alpha`` is its deprecated name).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.LeakyReLU(negative_slope=0.5)(tf.constant([-2.0, 2.0])).numpy()
    array([-1.,  2.], dtype=float32)
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.", stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError("The negative_slope value of a Leaky ReLU layer cannot be None or negative value. "
                             f"Expected a float. Received: negative_slope={negative_slope}")
        self.negative_slope = negative_slope
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}
