"""``InputLayer`` and ``keras.Input``: where a functional model's graph starts."""

from __future__ import annotations

import warnings

from ...api_export import keras_export
from ...graph.keras_tensor import KerasTensor
from ...graph.node import Node
from ...utils.dtype_utils import standardize_dtype, standardize_shape
from ..layer import Layer


@keras_export("keras.layers.InputLayer")
class InputLayer(Layer):
    """The layer behind ``keras.Input``: holds the input KerasTensor (``shape`` excludes the batch)."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, **kwargs):
        super().__init__(name=name)
        if "input_shape" in kwargs:
            warnings.warn("Argument `input_shape` is deprecated. Use `shape` instead.", stacklevel=2)
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to InputLayer: {kwargs}")
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError("Argument `input_tensor` must be a KerasTensor. Received invalid type: "
                                 f"input_tensor={input_tensor} (of type {type(input_tensor)})")
            batch_shape = input_tensor.shape
            dtype = input_tensor.dtype.name
            sparse = input_tensor.sparse
        else:
            if shape is not None and batch_shape is not None:
                raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
            if batch_size is not None and batch_shape is not None:
                raise ValueError("You cannot pass both `batch_size` and `batch_shape` at the same time.")
            if shape is None and batch_shape is None:
                raise ValueError("You must pass a `shape` argument.")
            if shape is not None:
                shape = _as_shape_tuple(shape)
                batch_shape = (batch_size,) + standardize_shape(shape)
        self._batch_shape = standardize_shape(batch_shape)
        self._dtype = standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        if self.sparse or self.ragged:
            raise ValueError("`sparse=True` and `ragged=True` are not supported by tensorflux.")
        if input_tensor is None:
            input_tensor = KerasTensor(shape=self._batch_shape, dtype=self._dtype, name=name)
        self._input_tensor = input_tensor
        Node(self, call_args=(), call_kwargs={}, outputs=input_tensor)
        self.built = True
        self.optional = optional

    def call(self):
        return

    @property
    def batch_shape(self) -> tuple:
        return self._batch_shape

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def output(self) -> KerasTensor:
        return self._input_tensor

    def get_config(self) -> dict:
        return {"batch_shape": self.batch_shape, "dtype": self.dtype, "sparse": self.sparse, "ragged": self.ragged,
                "name": self.name, "optional": self.optional}


def _as_shape_tuple(shape):
    """``Input(32)`` is a common slip for ``Input((32,))``: say what to write."""
    if isinstance(shape, int):
        raise ValueError(f"Cannot convert '{shape}' to a shape: `shape` must be a tuple of dimensions, not including "  # noqa: TRY004
                         f"the batch size, e.g. `shape=({shape},)`.")
    return shape


@keras_export(["keras.Input", "keras.layers.Input"])
def Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, name=None, tensor=None,
          optional=False):
    """A symbolic input of a functional model: a ``KerasTensor`` of shape ``(batch_size,) + shape``.

    >>> from tensorflux import keras
    >>> x = keras.Input(shape=(32,))
    >>> x.shape
    (None, 32)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse, ragged=ragged,
                       batch_shape=batch_shape, name=name, input_tensor=tensor, optional=optional)
    return layer.output
