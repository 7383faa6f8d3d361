"""Grouping elements: ``batch``, ``padded_batch``, ``unbatch``, ``rebatch`` and ``window``."""

from __future__ import annotations

import collections
import itertools

import numpy as np

from ..framework import dtypes
from ..framework.errors import DataLossError, InvalidArgumentError
from ..framework.shape import TensorShape, TensorSpec
from . import cardinality as card
from . import structure
from .dataset import Dataset
from .sources import ElementsDataset


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def stack(elements):
    """One batch from a list of elements of the same structure: each component stacked."""
    first = elements[0]
    if type(first) is np.ndarray:
        return _stack_component(elements, 0)
    columns = [structure.flatten(e) for e in elements]
    width = len(columns[0])
    if any(len(c) != width for c in columns):
        raise InvalidArgumentError("Cannot batch elements with different structures.")
    return structure.pack_like(first, [_stack_component([c[j] for c in columns], j) for j in range(width)])


def _stack_component(arrays, index):
    first = arrays[0]
    if structure._is_dataset(first):
        raise TypeError("`batch` does not support datasets whose elements are datasets.")
    for k, a in enumerate(arrays):
        if a.shape != first.shape:
            raise InvalidArgumentError(f"Cannot batch tensors with different shapes in component {index}. First "
                                       f"element had shape {_shape_text(first.shape)} and element {k} had shape "
                                       f"{_shape_text(a.shape)}.")
        if a.dtype != first.dtype:
            raise InvalidArgumentError(f"Cannot batch tensors with different dtypes in component {index}: "
                                       f"{first.dtype} and {a.dtype}.")
    return np.stack(arrays)


class BatchDataset(Dataset):
    """Consecutive elements stacked ``batch_size`` at a time."""

    _tf_name = "_BatchDataset"

    def __init__(self, input_dataset, batch_size, drop_remainder):
        super().__init__([input_dataset])
        self._input, self._size, self._drop = input_dataset, batch_size, drop_remainder

    def _compute_spec(self):
        spec = self._input.element_spec
        structure.check_tensor_leaves(spec, "batch")
        return structure.batched(spec, self._size if self._drop else None)

    def _cardinality(self):
        return card.batches(self._input._cardinality(), self._size, self._drop)

    def _iterate(self):
        fast = getattr(self._input, "_iterate_batches", None)
        if fast is not None:  # a source that can slice whole batches at once
            yield from fast(self._size, self._drop)
            return
        batch, size = [], self._size
        for element in self._input._iterate():
            batch.append(element)
            if len(batch) == size:
                yield stack(batch)
                batch = []
        if batch and not self._drop:
            yield stack(batch)


# ---------------------------------------------------------------------------------------------
# padded_batch

class PaddedBatchDataset(Dataset):
    """Batches of elements padded to common shapes."""

    _tf_name = "_PaddedBatchDataset"

    def __init__(self, input_dataset, batch_size, padded_shapes, padding_values, drop_remainder):
        super().__init__([input_dataset])
        self._input, self._size, self._drop = input_dataset, batch_size, drop_remainder
        spec = input_dataset.element_spec  # validated now, as TF does when the dataset is built
        structure.check_tensor_leaves(spec, "padded_batch")
        self._leaf_specs = structure.flatten(spec)
        self._shapes = self._padded_shapes(spec, padded_shapes)
        self._pads = self._padding_values(spec, padding_values)
        leaves = [TensorSpec(TensorShape([batch_size if drop_remainder else None]).concatenate(shape), s.dtype)
                  for s, shape in zip(self._leaf_specs, self._shapes)]
        self._spec = structure.pack_like(spec, leaves)

    def _padded_shapes(self, spec, padded_shapes):
        if padded_shapes is None:
            shapes = []
            for i, s in enumerate(self._leaf_specs):
                if s.shape.rank is None:
                    raise ValueError(f"You must provide `padded_shapes` argument because component {i} has unknown "
                                     "rank.")
                shapes.append(s.shape)
            return shapes
        given = structure.flatten_up_to(spec, padded_shapes, "padded_shapes")
        shapes = []
        for s, shape in zip(self._leaf_specs, given):
            if hasattr(shape, "numpy"):
                shape = shape.numpy().tolist()
            shape = TensorShape(None if shape is None else [None if d is None or d == -1 else d for d in shape])
            if s.shape.rank is not None and (shape.rank != s.shape.rank or any(
                    p is not None and d is not None and p < d for p, d in zip(shape.dims, s.shape.dims))):
                raise ValueError(f"The padded shape {shape} is not compatible with the shape {s.shape} of the "
                                 "corresponding input component.")
            shapes.append(shape)
        return shapes

    def _padding_values(self, spec, padding_values):
        if padding_values is None:
            return [np.array(b"" if s.dtype is dtypes.string else 0, dtype=s.dtype.numpy_dtype)
                    for s in self._leaf_specs]
        if isinstance(padding_values, (tuple, dict)):
            given = structure.flatten_up_to(spec, padding_values, "padding_values")
        else:
            given = [padding_values] * len(self._leaf_specs)
        pads = []
        for s, value in zip(self._leaf_specs, given):
            array = structure.to_component(value, copy=False)
            if dtypes.from_numpy(array.dtype) is not s.dtype:
                raise TypeError(f"Invalid `padding_values`. `padding_values` values type <dtype: "
                                f"'{dtypes.from_numpy(array.dtype).name}'> does not match type <dtype: "
                                f"'{s.dtype.name}'> of the corresponding input component.")
            if array.ndim != 0:
                raise ValueError(f"Invalid `padding_values`. `padding_values` values should be scalars, but got "
                                 f"shape {TensorShape(array.shape)}.")
            pads.append(array)
        return pads

    def _compute_spec(self):
        return self._spec

    def _cardinality(self):
        return card.batches(self._input._cardinality(), self._size, self._drop)

    def _iterate(self):
        batch, size = [], self._size
        for element in self._input._iterate():
            batch.append(structure.flatten(element))
            if len(batch) == size:
                yield self._pad(batch)
                batch = []
        if batch and not self._drop:
            yield self._pad(batch)

    def _pad(self, rows):
        columns = [self._pad_component([r[j] for r in rows], j) for j in range(len(self._shapes))]
        return structure.pack_like(self._spec, columns)

    def _pad_component(self, arrays, j):
        padded = self._shapes[j]
        rank = arrays[0].ndim
        if any(a.ndim != rank for a in arrays) or (padded.rank is not None and padded.rank != rank):
            raise InvalidArgumentError(f"All elements in a batch must have the same rank as the padded shape for "
                                       f"component {j}: expected rank {padded.rank}.")
        target = []
        for axis in range(rank):
            largest = max(a.shape[axis] for a in arrays)
            want = padded.dims[axis] if padded.rank is not None else None
            if want is not None and largest > want:
                raise DataLossError("Attempted to pad to a smaller size than the input element.")
            target.append(largest if want is None else want)
        out = np.full([len(arrays)] + target, self._pads[j], dtype=arrays[0].dtype)
        for i, a in enumerate(arrays):
            out[(i,) + tuple(slice(0, d) for d in a.shape)] = a
        return out


# ---------------------------------------------------------------------------------------------
# unbatch and rebatch

def _unbatched_spec(spec, transformation="unbatch"):
    structure.check_tensor_leaves(spec, transformation)
    leading = set()
    for s in structure.flatten(spec):
        if s.shape.rank == 0:
            raise ValueError("Cannot unbatch an input with scalar components.")
        if s.shape.rank is not None and s.shape[0] is not None:
            leading.add(s.shape[0])
    if len(leading) > 1:
        first, second = sorted(leading)[:2]
        raise ValueError(f"`unbatch()` is only supported for datasets of elements whose components have a "
                         f"matching leading dimension. Encountered both {first} and {second}.")
    return structure.map_leaves(lambda s: TensorSpec(s.shape[1:], s.dtype), spec)


def _rows(element) -> int:
    leaves = structure.flatten(element)
    rows = leaves[0].shape[0] if leaves[0].ndim else None
    if rows is None or any(a.ndim == 0 or a.shape[0] != rows for a in leaves):
        raise InvalidArgumentError("Input element must have the same batch size in each component. "
                                   f"Component shapes: {[list(a.shape) for a in leaves]}")
    return rows


class UnbatchDataset(Dataset):
    """Each element split along its first dimension."""

    _tf_name = "_UnbatchDataset"

    def __init__(self, input_dataset):
        super().__init__([input_dataset])
        self._input = input_dataset
        self._spec = _unbatched_spec(input_dataset.element_spec)  # TF refuses scalars when it is built

    def _compute_spec(self):
        return self._spec

    def _cardinality(self):
        """Known when every input element has the same, statically known, number of rows."""
        n = self._input._cardinality()
        leading = {s.shape[0] for s in structure.flatten(self._input.element_spec)}
        if n < 0 or len(leading) != 1 or None in leading:
            return card.UNKNOWN if n != 0 else 0
        return n * leading.pop()

    def _iterate(self):
        for element in self._input._iterate():
            if type(element) is np.ndarray and element.ndim:
                for i in range(element.shape[0]):
                    yield element[i, ...]
                continue
            for i in range(_rows(element)):
                yield structure.map_leaves(lambda a, i=i: a[i, ...], element)


class RebatchDataset(Dataset):
    """Batches re-cut to new sizes (cycling through a list of sizes), across input batch boundaries."""

    _tf_name = "_RebatchDataset"

    def __init__(self, input_dataset, batch_size, drop_remainder):
        super().__init__([input_dataset])
        sizes = batch_size.numpy().tolist() if hasattr(batch_size, "numpy") else batch_size
        self._sizes = [int(s) for s in sizes] if isinstance(sizes, (list, tuple)) else [int(sizes)]
        if not self._sizes or any(s <= 0 for s in self._sizes):
            raise InvalidArgumentError(f"Batch sizes must be greater than zero, got {self._sizes}.")
        self._input, self._drop = input_dataset, drop_remainder
        self._scalar = not isinstance(sizes, (list, tuple))

    def _compute_spec(self):
        rows = _unbatched_spec(self._input.element_spec, "rebatch")
        return structure.batched(rows, self._sizes[0] if self._drop and self._scalar else None)

    def _iterate(self):
        sizes = itertools.cycle(self._sizes)
        target, pieces, have = next(sizes), [], 0
        for element in self._input._iterate():
            rows, start = _rows(element), 0
            while start < rows:
                take = min(target - have, rows - start)
                pieces.append(structure.map_leaves(lambda a, s=start, t=take: a[s:s + t], element))
                have, start = have + take, start + take
                if have == target:
                    yield _concat(pieces)
                    target, pieces, have = next(sizes), [], 0
        if pieces and not self._drop:
            yield _concat(pieces)


def _concat(pieces):
    if len(pieces) == 1:
        return pieces[0]
    columns = [structure.flatten(p) for p in pieces]
    joined = [np.concatenate([c[j] for c in columns]) for j in range(len(columns[0]))]
    return structure.pack_like(pieces[0], joined)


# ---------------------------------------------------------------------------------------------
# window

class WindowDataset(Dataset):
    """Windows of elements, each window a (structure of) dataset(s)."""

    _tf_name = "_WindowDataset"

    def __init__(self, input_dataset, size, shift, stride, drop_remainder):
        super().__init__([input_dataset])
        self._input, self._size, self._shift, self._stride, self._drop = (input_dataset, size, shift, stride,
                                                                          drop_remainder)

    def _compute_spec(self):
        return structure.map_leaves(structure.DatasetSpec, self._input.element_spec)

    def _cardinality(self):
        n = self._input._cardinality()
        if n < 0:
            return n
        if not self._drop:
            return -(-n // self._shift)
        span = (self._size - 1) * self._stride + 1
        return 0 if n < span else (n - span) // self._shift + 1

    def _iterate(self):
        span = (self._size - 1) * self._stride + 1
        buffer, elements, exhausted = collections.deque(), self._input._iterate(), False
        end = object()
        while True:
            while len(buffer) < span and not exhausted:
                element = next(elements, end)
                if element is end:
                    exhausted = True
                else:
                    buffer.append(element)
            if not buffer or (self._drop and len(buffer) < span):
                return
            yield self._window([buffer[i] for i in range(0, min(len(buffer), span), self._stride)])
            if self._shift <= len(buffer):
                for _ in range(self._shift):
                    buffer.popleft()
            else:
                for _ in range(self._shift - len(buffer)):
                    if exhausted or next(elements, end) is end:
                        exhausted = True
                        break
                buffer.clear()

    def _window(self, members):
        columns = [structure.flatten(m) for m in members]
        specs = lambda j: structure.flatten(self._input.element_spec)[j]  # computed only if asked
        datasets = [ElementsDataset([c[j] for c in columns], lambda j=j: specs(j)) for j in range(len(columns[0]))]
        return structure.pack_like(members[0], datasets)

