"""``Add``: the elementwise sum of its inputs."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_merge import Merge


@keras_export("keras.layers.Add")
class Add(Merge):
    """the elementwise sum of its inputs.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Add()([tf.constant([[1.0, 4.0]]), tf.constant([[3.0, 2.0]])]).numpy()
    array([[4., 6.]], dtype=float32)
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = tf.add(output, x)
        return output


@keras_export("keras.layers.add")
def add(inputs, **kwargs):
    """Functional interface to the ``Add`` layer."""
    return Add(**kwargs)(inputs)
