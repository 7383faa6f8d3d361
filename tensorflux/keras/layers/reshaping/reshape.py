"""``Reshape``: each example reshaped to ``target_shape`` (one ``-1`` may be inferred)."""

from __future__ import annotations

import math

from ...api_export import keras_export
from ...graph.keras_tensor import KerasTensor
from ...utils.tensor_utils import batch_reshape
from ..layer import Layer


def validate_reshape_shape(shape, name="newshape"):
    count = 0
    for dim in shape:
        if not isinstance(dim, int):
            continue
        if dim < -1:
            raise ValueError(f"Each dimension in `{name}` must be a non-negative integer, or `-1` for a single unknown "
                             f"dimension. Received: {name}={shape}.")
        count += dim == -1
    if count > 1:
        raise ValueError(f"There must be at most one unknown dimension (-1) in `{name}`. Received: {name}={shape}.")


def compute_reshape_output_shape(input_shape, newshape, name):
    """The static shape after a reshape (without special-casing the batch axis)."""
    validate_reshape_shape(newshape, name)
    newshape = tuple(d if isinstance(d, int) else None for d in newshape)
    if None in input_shape or None in newshape:
        return tuple(None if d == -1 else d for d in newshape)
    size = math.prod(input_shape)
    if -1 not in newshape:
        if size != math.prod(newshape):
            raise ValueError(f"The total size of the tensor must be unchanged. Received: input_shape={input_shape}, "
                             f"{name}={newshape}")
        return newshape
    known = math.prod(d for d in newshape if d != -1)
    if known == 0 or size % known:
        raise ValueError("The total size of the tensor must be unchanged, however, the input size cannot by divided by "
                         f"the specified dimensions in {name}. Received: input_shape={input_shape}, {name}={newshape}")
    return tuple(size // known if d == -1 else d for d in newshape)


@keras_export("keras.layers.Reshape")
class Reshape(Layer):
    """Reshapes each example (the batch axis is kept).

    >>> import tensorflux as tf
    >>> from tensorflux import keras
    >>> keras.layers.Reshape((3, 4))(tf.ones((2, 12))).shape
    TensorShape([2, 3, 4])
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        validate_reshape_shape(target_shape, "target_shape")
        self.target_shape = target_shape
        self.built = True

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *compute_reshape_output_shape(tuple(input_shape[1:]), self.target_shape,
                                                             "target_shape"))

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def call(self, inputs):
        resolved = compute_reshape_output_shape(tuple(inputs.shape.as_list()[1:]), self.target_shape, "target_shape")
        return batch_reshape(inputs, tuple(-1 if d is None else d for d in resolved))

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}
