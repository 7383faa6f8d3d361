"""``Multiply``: the elementwise product of its inputs."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_merge import Merge


@keras_export("keras.layers.Multiply")
class Multiply(Merge):
    """the elementwise product of its inputs.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Multiply()([tf.constant([[1.0, 4.0]]), tf.constant([[3.0, 2.0]])]).numpy()
    array([[3., 8.]], dtype=float32)
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = tf.multiply(output, x)
        return output


@keras_export("keras.layers.multiply")
def multiply(inputs, **kwargs):
    """Functional interface to the ``Multiply`` layer."""
    return Multiply(**kwargs)(inputs)
