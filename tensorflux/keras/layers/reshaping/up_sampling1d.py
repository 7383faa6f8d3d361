"""``UpSampling1D``: each step repeated ``size`` times."""

from __future__ import annotations

from ...api_export import keras_export
from ...utils.tensor_utils import repeat
from ..input_spec import InputSpec
from ..layer import Layer


@keras_export("keras.layers.UpSampling1D")
class UpSampling1D(Layer):
    """``(batch, steps, features)`` → ``(batch, steps * size, features)``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.UpSampling1D(2)(tf.constant([[[1.0], [2.0]]]))[0, :, 0].numpy()
    array([1., 1., 2., 2.], dtype=float32)
    """

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: size={size}")
        self.size = size
        self.input_spec = InputSpec(ndim=3)

    def compute_output_shape(self, input_shape):
        steps = self.size * input_shape[1] if input_shape[1] is not None else None
        return (input_shape[0], steps, input_shape[2])

    def call(self, inputs):
        return repeat(inputs, self.size, axis=1)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}
