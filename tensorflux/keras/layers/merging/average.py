"""``Average``: the elementwise mean of its inputs."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_merge import Merge


@keras_export("keras.layers.Average")
class Average(Merge):
    """the elementwise mean of its inputs.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Average()([tf.constant([[1.0, 4.0]]), tf.constant([[3.0, 2.0]])]).numpy()
    array([[2., 3.]], dtype=float32)
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = tf.add(output, x)
        return output / len(inputs)


@keras_export("keras.layers.average")
def average(inputs, **kwargs):
    """Functional interface to the ``Average`` layer."""
    return Average(**kwargs)(inputs)
