"""``GaussianNoise``: adds zero-centred normal noise in training (a regulariser)."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from ..layer import Layer


@keras_export("keras.layers.GaussianNoise")
class GaussianNoise(Layer):
    """Adds ``N(0, stddev²)`` noise when ``training`` is true; the identity otherwise."""

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError(f"Invalid value received for argument `stddev`. Expected a float value between 0 and 1. "
                             f"Received: stddev={stddev}")
        self.stddev = stddev
        self.seed = seed
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            return inputs + tf.random.normal(tf.shape(inputs), mean=0.0, stddev=self.stddev, dtype=inputs.dtype,
                                             seed=self.seed)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
