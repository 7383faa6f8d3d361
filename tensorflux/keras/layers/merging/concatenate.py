"""``Concatenate``: joins tensors along one axis; all other dimensions must match."""

from __future__ import annotations

import tensorflux as tf

from ...api_export import keras_export
from .base_merge import Merge


@keras_export("keras.layers.Concatenate")
class Concatenate(Merge):
    """Concatenates a list of inputs along ``axis`` (the last by default).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Concatenate()([tf.ones((1, 2)), tf.zeros((1, 1))]).numpy()
    array([[1., 1., 0.]], dtype=float32)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self._reshape_required = False

    def build(self, input_shape):
        if len(input_shape) < 1 or not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(f"A `Concatenate` layer should be called on a list of at least 1 input. Received: "
                             f"input_shape={input_shape}")
        if all(shape is None for shape in input_shape):
            return
        reduced = set()
        for shape in input_shape:
            shape = list(shape)
            if len(shape) > self.axis:
                del shape[self.axis]
            reduced.add(tuple(shape))
        if len(reduced) == 1:
            return
        message = ("A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. "
                   f"Received: input_shape={_shapes_text(input_shape)}")
        ranks = {len(shape) for shape in reduced}
        if len(ranks) != 1:
            raise ValueError(message)
        for axis in range(ranks.pop()):
            if len({shape[axis] for shape in reduced if shape[axis] is not None}) > 1:
                raise ValueError(message)

    def _merge_function(self, inputs):
        return tf.concat(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(f"A `Concatenate` layer should be called on a list of inputs. Received: "  # noqa: TRY004
                             f"input_shape={input_shape}")
        output_shape = list(input_shape[0])
        for shape in input_shape[1:]:
            if output_shape[self.axis] is None or shape[self.axis] is None:
                output_shape[self.axis] = None
                break
            output_shape[self.axis] += shape[self.axis]
        return tuple(output_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def _shapes_text(shapes) -> str:
    return "[" + ", ".join(str(tuple(s)) for s in shapes) + "]"


@keras_export("keras.layers.concatenate")
def concatenate(inputs, axis=-1, **kwargs):
    """Functional interface to the ``Concatenate`` layer."""
    return Concatenate(axis=axis, **kwargs)(inputs)
