"""``GaussianDropout``: multiplies by ``N(1, rate / (1 - rate))`` noise in training."""

from __future__ import annotations

import math

import tensorflux as tf

from ...api_export import keras_export
from ..layer import Layer


@keras_export("keras.layers.GaussianDropout")
class GaussianDropout(Layer):
    """Multiplicative 1-centred Gaussian noise when ``training`` is true; the identity otherwise."""

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                             f"Received: rate={rate}")
        self.rate = rate
        self.seed = seed
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            return inputs * tf.random.normal(tf.shape(inputs), mean=1.0, stddev=stddev, dtype=inputs.dtype,
                                             seed=self.seed)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
