"""Elements of a dataset: nested tuples, dicts and namedtuples whose leaves are arrays or datasets.

Inside a pipeline an element keeps the user's structure, with a NumPy array at each leaf (or a
dataset, for ``window`` and for ``map`` functions that return datasets). Tensors appear only
where user code meets an element — the arguments of a ``map`` function, what an iterator yields —
so batching, caching and saving work on plain arrays.

As in ``tf.data``, a list is a value, not a structure: ``from_tensor_slices([[1, 2], [3, 4]])``
slices one 2x2 tensor. Only the top-level list a function returns becomes a tuple.
Flattening orders dict keys by sorting them (TF's order); rebuilding keeps the user's order.
"""

from __future__ import annotations

import numpy as np

from ..framework import backend, dtypes
from ..framework.shape import TensorShape, TensorSpec
from ..framework.tensor import EagerTensor, TensorOperators, to_array


def _is_dataset(value) -> bool:
    return hasattr(value, "_iterate") and hasattr(value, "element_spec")


def is_namedtuple(value) -> bool:
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


# ---------------------------------------------------------------------------------------------
# Walking structures.

def map_leaves(fn, element):
    """``element`` with ``fn`` applied to each leaf (structures rebuilt as they were)."""
    if type(element) is tuple:
        return tuple([map_leaves(fn, e) for e in element])
    if isinstance(element, dict):
        return {k: map_leaves(fn, v) for k, v in element.items()}
    if isinstance(element, tuple):
        return type(element)(*[map_leaves(fn, e) for e in element])
    return fn(element)


def _children(element):
    if isinstance(element, dict):
        return [element[k] for k in sorted(element)]
    return list(element)


def flatten(element) -> list:
    """The leaves in TF's order (dict keys sorted)."""
    if not isinstance(element, (tuple, dict)):
        return [element]
    out = []
    for child in _children(element):
        out.extend(flatten(child))
    return out


def pack_like(template, leaves):
    """Puts ``leaves`` (in ``flatten`` order) back into the structure of ``template``."""
    packed, used = _pack(template, list(leaves), 0)
    if used != len(leaves):
        raise ValueError(f"Structure had {used} leaves, but {len(leaves)} were given.")
    return packed


def _pack(template, leaves, i):
    if not isinstance(template, (tuple, dict)):
        return leaves[i], i + 1
    if isinstance(template, dict):
        values = {}
        for k in sorted(template):
            values[k], i = _pack(template[k], leaves, i)
        return {k: values[k] for k in template}, i
    items = []
    for child in template:
        item, i = _pack(child, leaves, i)
        items.append(item)
    return (type(template)(*items) if is_namedtuple(template) else tuple(items)), i


def flatten_up_to(template, value, what="value") -> list:
    """``value``'s parts that sit where ``template`` has leaves (``padded_shapes`` follow the spec)."""
    if isinstance(template, dict):
        if not isinstance(value, dict) or set(value) != set(template):
            raise ValueError(f"The {what} {value!r} does not match the structure of the dataset's elements.")
        return [part for k in sorted(template) for part in flatten_up_to(template[k], value[k], what)]
    if isinstance(template, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(template):
            raise ValueError(f"The {what} {value!r} does not match the structure of the dataset's elements.")
        return [part for t, v in zip(template, value) for part in flatten_up_to(t, v, what)]
    return [value]


def skeleton(element):
    """A hashable description of the nesting alone (what must match between elements)."""
    if isinstance(element, dict):
        return ("dict", tuple((k, skeleton(element[k])) for k in sorted(element)))
    if isinstance(element, tuple):
        kind = type(element).__name__ if is_namedtuple(element) else "tuple"
        return (kind, tuple(skeleton(e) for e in element))
    return "."


# ---------------------------------------------------------------------------------------------
# From user values to elements, and back.

def to_component(value, copy=True):
    """One leaf of an element: a NumPy array (TF's conversion rules) or a dataset.

    ``copy`` protects the pipeline from callers who reuse a buffer between elements; tensors
    are immutable and never copied.
    """
    if isinstance(value, TensorOperators):
        array = value._value
        if array is None:
            raise TypeError(f"A symbolic tensor cannot be an element of a dataset: {value}")
        return backend.to_numpy(array)
    if _is_dataset(value):
        return value
    if value is None:
        raise TypeError("None cannot be a component of a dataset element; return a tensor or a structure of them.")
    if isinstance(value, np.ndarray):
        array = to_array(value)
        return array.copy() if copy and array is value else array
    return np.asarray(to_array(value))


def normalize(value, list_is_tuple=False):
    """A user value as an element: structures kept, every leaf converted by ``to_component``.

    ``list_is_tuple``: a top-level list is a tuple of components (what a function returns),
    not one tensor (what ``from_tensor_slices`` receives).
    """
    if list_is_tuple and type(value) is list:
        value = tuple(value)
    return map_leaves(to_component, value)


def to_tensors(element):
    """The element as user code sees it: tensors (and datasets) at the leaves."""
    if type(element) is np.ndarray:
        return EagerTensor(element)
    return map_leaves(lambda a: a if _is_dataset(a) else EagerTensor(a), element)


def to_numpy(element):
    """The element as ``as_numpy_iterator`` yields it: fresh arrays, NumPy scalars for rank 0."""
    return map_leaves(_numpy_leaf, element)


def _numpy_leaf(array):
    if _is_dataset(array):
        raise TypeError("`as_numpy_iterator` does not support datasets whose elements are datasets.")
    return array[()] if array.ndim == 0 else np.array(array)


# ---------------------------------------------------------------------------------------------
# Specs: the static description of elements.

class DatasetSpec:
    """The type of a dataset that is itself an element (``window``), as ``tf.data.DatasetSpec``.

    >>> DatasetSpec(TensorSpec((), dtypes.int64))
    DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))
    """

    __slots__ = ("dataset_shape", "element_spec")

    def __init__(self, element_spec, dataset_shape=()):
        self.element_spec = element_spec
        self.dataset_shape = TensorShape(dataset_shape)

    @classmethod
    def from_value(cls, dataset) -> DatasetSpec:
        return cls(dataset.element_spec)

    def is_compatible_with(self, other) -> bool:
        other = other if isinstance(other, DatasetSpec) else DatasetSpec.from_value(other)
        return is_compatible(self.element_spec, other.element_spec)

    def __eq__(self, other) -> bool:
        return (isinstance(other, DatasetSpec) and self.dataset_shape == other.dataset_shape
                and self.element_spec == other.element_spec)

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return f"DatasetSpec({self.element_spec!r}, {self.dataset_shape!r})"


def leaf_spec(leaf):
    if _is_dataset(leaf):
        return DatasetSpec.from_value(leaf)
    return TensorSpec(leaf.shape, dtypes.from_numpy(leaf.dtype))


def spec_of(element):
    """The spec of a concrete element (exact shapes)."""
    return map_leaves(leaf_spec, element)


def relax(spec):
    """A spec with every dimension unknown but the rank kept (what one example cannot pin down)."""
    def leaf(s):
        if isinstance(s, TensorSpec) and s.shape.rank is not None:
            return TensorSpec([None] * s.shape.rank, s.dtype)
        return s

    return map_leaves(leaf, spec)


def is_compatible(a, b) -> bool:
    if skeleton(a) != skeleton(b):
        return False
    return all(_leaf_compatible(x, y) for x, y in zip(flatten(a), flatten(b)))


def _leaf_compatible(x, y) -> bool:
    if isinstance(x, DatasetSpec) or isinstance(y, DatasetSpec):
        return isinstance(x, DatasetSpec) and isinstance(y, DatasetSpec) and x.is_compatible_with(y)
    return x.dtype == y.dtype and x.shape.is_compatible_with(y.shape)


def most_specific_common(a, b, what="dataset elements"):
    """The narrowest spec both ``a`` and ``b`` satisfy (``concatenate``); TypeError when none."""
    if skeleton(a) != skeleton(b) or not all(
            isinstance(x, type(y)) and (isinstance(x, DatasetSpec) or x.dtype == y.dtype)
            for x, y in zip(flatten(a), flatten(b))):
        raise TypeError(f"Incompatible {what}:\n  {a!r} vs.   {b!r}")
    leaves = [x if isinstance(x, DatasetSpec) else TensorSpec(common_shape(x.shape, y.shape), x.dtype)
              for x, y in zip(flatten(a), flatten(b))]
    return pack_like(a, leaves)


def common_shape(a: TensorShape, b: TensorShape) -> TensorShape:
    """Dimensions both shapes agree on; unknown elsewhere (unknown rank when ranks differ)."""
    if a.rank is None or b.rank is None or a.rank != b.rank:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.dims, b.dims)])


def batched(spec, size):
    """The spec of a batch of elements of ``spec`` (``size`` None when the batch size varies)."""
    return map_leaves(lambda s: TensorSpec(TensorShape([size]).concatenate(s.shape), s.dtype), spec)


def check_tensor_leaves(spec, transformation):
    """Batching needs tensors at every leaf (datasets cannot be stacked)."""
    for s in flatten(spec):
        if isinstance(s, DatasetSpec):
            raise TypeError(f"`{transformation}` does not support datasets whose elements are datasets.")

