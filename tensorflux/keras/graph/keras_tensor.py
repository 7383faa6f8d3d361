"""``KerasTensor``: the symbolic tensor of the functional API (``keras.Input`` returns one).

It is an engine ``SymbolicTensor`` (a static shape with ``None`` for unknown dimensions, a
dtype, no value), so every tf op and operator accepts it. A tf op called on KerasTensors is not
computed: the dispatcher hands it to ``KERAS_GRAPH``, which records it as a Keras operation
(a node of the model graph), exactly as a layer call is recorded.
"""

from __future__ import annotations

from ...framework import dtypes
from ...framework.graph import SymbolicTensor
from ..api_export import keras_export
from ..utils.dtype_utils import standardize_dtype, standardize_shape
from ..utils.naming import auto_name


@keras_export(["keras.KerasTensor"])
class KerasTensor(SymbolicTensor):
    """A symbolic placeholder for a shape and a dtype.

    >>> from tensorflux import keras
    >>> x = keras.KerasTensor(shape=(3, 4), dtype="float32")
    >>> x.shape
    (3, 4)
    """

    def __init__(self, shape, dtype="float32", sparse=False, ragged=False, record_history=True, name=None, **kwargs):
        kwargs.pop("ragged_rank", None)
        kwargs.pop("row_splits_dtype", None)
        if kwargs:
            raise TypeError(f"Unexpected keyword arguments: {', '.join(kwargs.keys())}")
        self._value = None
        self.op = None
        self.value_index = 0
        self._shape = standardize_shape(shape)
        self._dtype = dtypes.as_dtype(standardize_dtype(dtype))
        self._sparse = bool(sparse)
        self._ragged = bool(ragged)
        self._name = name or auto_name("KerasTensor")
        self.record_history = record_history
        self._keras_history = None

    @property
    def shape(self) -> tuple:
        return self._shape

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value) -> None:
        self._name = value

    @property
    def sparse(self) -> bool:
        return self._sparse

    @property
    def ragged(self) -> bool:
        return self._ragged

    @property
    def graph(self):
        return KERAS_GRAPH

    def reshape(self, newshape):
        from ...ops.array import reshape

        return reshape(self, newshape)

    def __int__(self):
        raise ValueError("A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any "
                         "actual numerical value. You cannot convert it to an int.")

    def __float__(self):
        raise ValueError("A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any "
                         "actual numerical value. You cannot convert it to a float.")

    def __array__(self, dtype=None, copy=None):
        raise ValueError("A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any "
                         "actual numerical value. You cannot convert it to a NumPy array.")

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a boolean.")

    def __repr__(self) -> str:
        return (f"<KerasTensor shape={self._shape}, dtype={self._dtype.name}, sparse={self._sparse}, "
                f"ragged={self._ragged}, name={self._name}>")

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("KerasTensors cannot be pickled.")


def is_keras_tensor(x) -> bool:
    return isinstance(x, KerasTensor)


def any_symbolic(args=(), kwargs=None) -> bool:
    from ...framework import nest

    return any(isinstance(x, KerasTensor) for x in nest.flatten((args, kwargs or {})))


class _KerasGraph:
    """Where the dispatcher sends a tf op whose inputs include KerasTensors: a model-graph node.

    The op's static output shapes come from the primitive's own shape rule, as for any
    symbolic tensor; running the model later runs the primitive on real tensors.
    """

    def add_operation(self, prim, inputs, attrs, name=None):
        from .operation import primitive_operation

        return primitive_operation(prim, attrs)(*inputs)

    def capture(self, x):
        return x


KERAS_GRAPH = _KerasGraph()
