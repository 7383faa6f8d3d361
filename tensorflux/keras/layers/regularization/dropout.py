"""``Dropout``: in training, zeroes a fraction ``rate`` of the inputs and scales the rest up."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from ..layer import Layer


def dropout(inputs, rate, noise_shape=None, seed=None):
    """``inputs`` with elements dropped at ``rate`` (``None`` in ``noise_shape``: the input's size)."""
    static = inputs.shape.as_list()
    if noise_shape is None:
        shape = static
    else:
        shape = [static[i] if d is None else d for i, d in enumerate(noise_shape)]
    if None in shape:
        dynamic = tf.shape(inputs)
        shape = tf.stack([dynamic[i] if d is None else d for i, d in enumerate(shape)])
    keep = tf.random.uniform(shape, dtype=inputs.dtype, seed=seed) >= rate
    return inputs * tf.cast(keep, inputs.dtype) * tf.cast(1.0 / (1.0 - rate), inputs.dtype)


@keras_export("keras.layers.Dropout")
class Dropout(Layer):
    """Drops inputs at ``rate`` when ``training`` is true; the identity otherwise.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Dropout(0.5)(tf.ones((1, 4))).numpy()
    array([[1., 1., 1., 1.]], dtype=float32)
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                             f"Received: rate={rate}")
        self.rate = rate
        self.seed = seed
        self.noise_shape = _validate_noise_shape(noise_shape)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            return dropout(inputs, self.rate, noise_shape=self.noise_shape, seed=self.seed)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}


def _validate_noise_shape(noise_shape):
    if noise_shape is None:
        return None
    if isinstance(noise_shape, str):
        raise ValueError("Invalid value received for argument `noise_shape`. Expected a tuple or list of integers. "  # noqa: TRY004
                         f"Received: noise_shape={noise_shape}")
    try:
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise ValueError("Invalid value received for argument `noise_shape`. Expected an iterable of integers (e.g., "
                         f"a tuple or list). Received: noise_shape={noise_shape}") from None
    for i, dim in enumerate(noise_shape):
        if dim is None:
            continue
        if not isinstance(dim, int):
            raise ValueError("Invalid value received for argument `noise_shape`. Expected all elements to be "  # noqa: TRY004
                             f"integers or None. Received element at index {i}: {dim} (type: {type(dim).__name__})")
        if dim <= 0:
            raise ValueError("Invalid value received for argument `noise_shape`. Expected all dimensions to be "
                             f"positive integers or None. Received negative or zero value at index {i}: {dim}")
    return noise_shape
