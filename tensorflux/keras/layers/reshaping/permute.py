"""``Permute``: reorders the non-batch axes (``dims`` counts from 1)."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from ...graph.keras_tensor import KerasTensor
from ..input_spec import InputSpec
from ..layer import Layer


@keras_export("keras.layers.Permute")
class Permute(Layer):
    """``Permute((2, 1))`` swaps the two axes after the batch axis.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Permute((2, 1))(tf.ones((1, 3, 4))).shape
    TensorShape([1, 4, 3])
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must "
                             f"be consecutive and start from 1. Received dims={dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def call(self, inputs):
        return tf.transpose(inputs, (0,) + self.dims)

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}
