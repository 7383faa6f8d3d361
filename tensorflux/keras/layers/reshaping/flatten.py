"""``Flatten``: each example becomes a vector (the batch axis is kept)."""

from __future__ import annotations

import math

import tensorflux as tf

from ... import config
from ...api_export import keras_export
from ...graph.keras_tensor import KerasTensor
from ...utils.tensor_utils import batch_reshape
from ..input_spec import InputSpec
from ..layer import Layer


@keras_export("keras.layers.Flatten")
class Flatten(Layer):
    """``(batch, d1, d2, …)`` → ``(batch, d1 * d2 * …)``.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Flatten()(tf.ones((2, 3, 4))).shape
    TensorShape([2, 12])
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)
        self._channels_first = self.data_format == "channels_first"

    def call(self, inputs):
        rank = inputs.shape.rank
        if self._channels_first and rank > 1:
            inputs = tf.transpose(inputs, (0, *range(2, rank), 1))
        dims = inputs.shape.as_list()[1:]
        flat = 1 if not dims else (-1 if None in dims else math.prod(dims))
        return batch_reshape(inputs, (flat,))

    def compute_output_shape(self, input_shape):
        dims = input_shape[1:]
        flat = 1 if not dims else (None if None in dims else math.prod(dims))
        return (input_shape[0], flat)

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}
