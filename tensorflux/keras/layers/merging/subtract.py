"""``Subtract``: the first input minus the second (exactly two inputs)."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_merge import Merge


@keras_export("keras.layers.Subtract")
class Subtract(Merge):
    """the first input minus the second (exactly two inputs).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Subtract()([tf.constant([[1.0, 4.0]]), tf.constant([[3.0, 2.0]])]).numpy()
    array([[-2.,  2.]], dtype=float32)
    """

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: inputs={inputs}")
        return tf.subtract(inputs[0], inputs[1])

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: "
                             f"input_shape={input_shape}")


@keras_export("keras.layers.subtract")
def subtract(inputs, **kwargs):
    """Functional interface to the ``Subtract`` layer."""
    return Subtract(**kwargs)(inputs)
