"""``Maximum``: the elementwise maximum of its inputs."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_merge import Merge


@keras_export("keras.layers.Maximum")
class Maximum(Merge):
    """the elementwise maximum of its inputs.

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Maximum()([tf.constant([[1.0, 4.0]]), tf.constant([[3.0, 2.0]])]).numpy()
    array([[3., 4.]], dtype=float32)
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = tf.maximum(output, x)
        return output


@keras_export("keras.layers.maximum")
def maximum(inputs, **kwargs):
    """Functional interface to the ``Maximum`` layer."""
    return Maximum(**kwargs)(inputs)
