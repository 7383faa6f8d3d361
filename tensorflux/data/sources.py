"""Datasets that make elements: from tensors, ranges, Python generators, counters and lists."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.shape import TensorShape, TensorSpec
from ..framework.tensor import to_array
from . import cardinality as card
from . import structure
from .dataset import Dataset
from .seeds import PassSeeds


def _row(i):
    return lambda a: a[i, ...]


class TensorSliceDataset(Dataset):
    """One element per row of the given tensors (``from_tensor_slices``)."""

    _tf_name = "_TensorSliceDataset"

    def __init__(self, tensors):
        super().__init__()
        element = structure.normalize(tensors)
        leaves = structure.flatten(element)
        for leaf in leaves:
            if structure._is_dataset(leaf):
                raise TypeError("`from_tensor_slices` does not accept datasets; use `Dataset.zip` or `concatenate`.")
            if leaf.ndim == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        rows = leaves[0].shape[0]
        for leaf in leaves[1:]:
            if leaf.shape[0] != rows:
                raise ValueError(f"Dimensions {rows} and {leaf.shape[0]} are not compatible")
        self._element, self._rows = element, rows

    def _iterate(self):
        element, rows = self._element, self._rows
        if type(element) is np.ndarray:
            for i in range(rows):
                yield element[i, ...]
        elif type(element) is tuple and all(type(a) is np.ndarray for a in element):
            for i in range(rows):
                yield tuple([a[i, ...] for a in element])
        else:
            for i in range(rows):
                yield structure.map_leaves(_row(i), element)

    def _iterate_batches(self, size, drop_remainder):
        """``batch`` without per-row work: each batch is a slice of the source arrays."""
        stop = self._rows - self._rows % size if drop_remainder else self._rows
        for start in range(0, stop, size):
            yield structure.map_leaves(lambda a, s=start: a[s:s + size], self._element)

    def _compute_spec(self):
        return structure.map_leaves(lambda a: TensorSpec(a.shape[1:], dtypes.from_numpy(a.dtype)), self._element)

    def _cardinality(self):
        return self._rows


class TensorDataset(Dataset):
    """A single element (``from_tensors``)."""

    _tf_name = "_TensorDataset"

    def __init__(self, tensors):
        super().__init__()
        self._element = structure.normalize(tensors)

    def _iterate(self):
        yield self._element

    def _compute_spec(self):
        return structure.spec_of(self._element)

    def _cardinality(self):
        return 1


class RangeDataset(Dataset):
    """``start, start + step, …`` below ``stop`` (``Dataset.range``)."""

    _tf_name = "_RangeDataset"

    def __init__(self, *args, output_type=dtypes.int64):
        super().__init__()
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to RangeDataset: {args}")
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (args + (1,))[:3]
        if step == 0:
            raise InvalidArgumentError("step must be a non-zero integer. [Op:RangeDataset]")
        self._range = range(start, stop, step)
        self._dtype = dtypes.as_dtype(output_type)

    def _iterate(self):
        np_dtype = self._dtype.numpy_dtype
        for value in self._range:
            yield np.array(value, np_dtype)

    def _iterate_batches(self, size, drop_remainder):
        count = len(self._range)
        stop = count - count % size if drop_remainder else count
        for start in range(0, stop, size):
            part = self._range[start:start + size]  # a range: nothing is materialised beyond one batch
            yield np.arange(part.start, part.stop, part.step).astype(self._dtype.numpy_dtype)

    def _compute_spec(self):
        return TensorSpec((), self._dtype)

    def _cardinality(self):
        return len(self._range)


class CounterDataset(Dataset):
    """``start, start + step, …`` for ever (``Dataset.counter``, and the index of ``enumerate``)."""

    _tf_name = "_CounterDataset"

    def __init__(self, start, step, dtype):
        super().__init__()
        self._start, self._step, self._dtype = start, step, dtypes.as_dtype(dtype)

    def _iterate(self):
        value, np_dtype = self._start, self._dtype.numpy_dtype
        while True:
            yield np.array(value, np_dtype)
            value += self._step

    def _compute_spec(self):
        return TensorSpec((), self._dtype)

    def _cardinality(self):
        return card.INFINITE


class RandomDataset(Dataset):
    """Random int64 values for ever (``Dataset.random``)."""

    _tf_name = "_RandomDataset"

    def __init__(self, seed, rerandomize_each_iteration):
        super().__init__()
        self._seeds = PassSeeds(seed, rerandomize_each_iteration)

    def _iterate(self):
        rng = self._seeds.next_generator()
        while True:
            yield np.array(rng.integers(0, 2**63 - 1, dtype=np.int64))

    def _compute_spec(self):
        return TensorSpec((), dtypes.int64)

    def _cardinality(self):
        return card.INFINITE


class ElementsDataset(Dataset):
    """A fixed list of elements (a window's contents); ``spec`` may be a function that computes it."""

    _tf_name = "_ElementsDataset"

    def __init__(self, elements, spec):
        super().__init__()
        self._elements, self._given_spec = elements, spec

    def _iterate(self):
        yield from self._elements

    def _compute_spec(self):
        return self._given_spec() if callable(self._given_spec) else self._given_spec

    def _cardinality(self):
        return len(self._elements)


# ---------------------------------------------------------------------------------------------
# Python generators.

class GeneratorDataset(Dataset):
    """Elements yielded by a Python generator, converted to and checked against a signature."""

    _tf_name = "_FlatMapDataset"  # what TF builds it from

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        super().__init__()
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        self._generator = generator
        self._args = tuple(_generator_argument(a) for a in (args or ()))
        self._given_spec = _signature(output_types, output_shapes, output_signature)

    def _iterate(self):
        spec = self._given_spec
        for value in self._generator(*self._args):
            yield _conform(value, spec)

    def _compute_spec(self):
        return self._given_spec

    def _cardinality(self):
        return card.UNKNOWN


def _generator_argument(value):
    """``args`` reach the generator as NumPy values, as in TF."""
    array = np.asarray(to_array(value._value if hasattr(value, "_value") else value))
    return array[()] if array.ndim == 0 else array


def _signature(output_types, output_shapes, output_signature):
    if output_signature is not None:
        if output_types is not None:
            raise TypeError("The `output_types` argument can not be used together with the `output_signature` "
                            "argument.")
        if output_shapes is not None:
            raise TypeError("The `output_shapes` argument can not be used together with the `output_signature` "
                            "argument.")
        for spec in structure.flatten(output_signature):
            if not isinstance(spec, TensorSpec):
                raise TypeError(f"`output_signature` must contain objects that are subclass of `tf.TypeSpec` but "
                                f"found {type(spec)} which is not.")
        return output_signature
    if output_types is None:
        raise TypeError("To specify the output signature you need to provide either the `output_signature` "
                        "argument or the `output_types` argument.")
    return _specs_from(output_types, output_shapes)


def _specs_from(types, shapes):
    """TF's legacy ``output_types``/``output_shapes``: the shapes follow the types' structure."""
    if isinstance(types, (tuple, dict)):
        if shapes is None:
            children = {k: None for k in types} if isinstance(types, dict) else [None] * len(types)
        else:
            children = shapes
        if isinstance(types, dict):
            return {k: _specs_from(types[k], children[k]) for k in types}
        specs = [_specs_from(t, s) for t, s in zip(types, children)]
        return type(types)(*specs) if structure.is_namedtuple(types) else tuple(specs)
    return TensorSpec(TensorShape(shapes) if shapes is not None else TensorShape(None), dtypes.as_dtype(types))


def _conform(value, spec):
    """A yielded value as an element of ``spec``: same structure, convertible dtype, compatible shape."""
    if isinstance(spec, TensorSpec):
        return _conform_leaf(value, spec)
    if isinstance(spec, dict) and isinstance(value, dict) and set(value) == set(spec):
        return {k: _conform(value[k], spec[k]) for k in spec}
    if isinstance(spec, tuple) and isinstance(value, (tuple, list)) and len(value) == len(spec):
        parts = [_conform(v, s) for v, s in zip(value, spec)]
        return type(spec)(*parts) if structure.is_namedtuple(spec) else tuple(parts)
    expected = structure.map_leaves(lambda s: s.dtype, spec)
    raise InvalidArgumentError("TypeError: `generator` yielded an element that did not match the expected "
                               f"structure. The expected structure was {expected}, but the yielded element was "
                               f"{value}.")


def _conform_leaf(value, spec):
    if isinstance(value, dict):
        raise InvalidArgumentError(f"TypeError: `generator` yielded an element that did not match the expected "
                                   f"structure. The expected structure was {spec.dtype}, but the yielded element "
                                   f"was {value}.")
    try:
        if spec.dtype is dtypes.string:
            array = np.asarray(to_array(value, dtypes.string))
        else:
            array = np.array(value, dtype=spec.dtype.numpy_dtype)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"TypeError: `generator` yielded an element that could not be converted to the "
                                   f"expected type. The expected type was {spec.dtype.name}, but the yielded element "
                                   f"was {value}.") from None
    if not spec.shape.is_compatible_with(array.shape):
        raise InvalidArgumentError(f"TypeError: `generator` yielded an element of shape {TensorShape(array.shape)} "
                                   f"where an element of shape {spec.shape} was expected.")
    return array
