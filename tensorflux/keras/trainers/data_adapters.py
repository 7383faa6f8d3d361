"""Turning what users pass to ``fit`` into batches ``(x, y, sample_weight)`` of tensors.

NumPy arrays, tensors, plain Python lists of numbers (a deliberate improvement on Keras 3, which
refuses them), lists/tuples/dicts of those (multi-input/output models), Python generators,
``keras.utils.PyDataset`` and ``tf.data.Dataset`` (anything iterable with an ``element_spec``).
"""

from __future__ import annotations

import math

import numpy as np

import tensorflux as tf
from tensorflux.framework import nest
from tensorflux.framework.primitive import constant

from ..utils.py_dataset import PyDataset

FLOATX = "float32"


def unpack_x_y_sample_weight(data):
    """``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` → a triple; anything else is ``x`` alone."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, found: "
                     f"{data}")


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """What a step receives: ``x``, ``(x,)`` (a list/tuple ``x``), ``(x, y)`` or ``(x, y, sample_weight)``."""
    if y is None:
        return x if not isinstance(x, (tuple, list)) else (x,)
    if sample_weight is None:
        return x, y
    return x, y, sample_weight


# --- arrays ----------------------------------------------------------------------------------------

def _is_leaf(value) -> bool:
    """An array-like that is one input (not a structure of inputs)."""
    if isinstance(value, (np.ndarray, np.generic)) or tf.is_tensor(value):
        return True
    if isinstance(value, (list, tuple)):
        return not any(isinstance(v, (np.ndarray, dict)) or tf.is_tensor(v) for v in value)
    return False


def to_arrays(data, is_input=False):
    """A structure of NumPy arrays; Python lists of numbers become one array (rank-1 inputs get a feature axis)."""
    if data is None:
        return None
    if isinstance(data, dict):
        return {k: to_arrays(v, is_input) for k, v in data.items()}
    if isinstance(data, (list, tuple)) and not _is_leaf(data):
        return [to_arrays(v, is_input) for v in data]
    from_python = isinstance(data, (list, tuple))
    array = np.asarray(data)
    if array.dtype == object:
        raise ValueError(f"Unrecognized data type: {type(data)} could not be converted to an array: "
                         f"{str(data)[:100]}")
    if from_python and is_input:
        if array.dtype.kind in "iub":
            array = array.astype(FLOATX)
        if array.ndim == 1:
            array = array[:, None]  # Keras 2 treated a list of numbers as one feature per sample
    if array.dtype.kind == "f" and array.dtype != np.dtype(FLOATX):
        array = array.astype(FLOATX)  # as Keras' array adapter: floats become floatx
    if array.ndim == 0:
        raise ValueError(f"Expected arrays with a batch dimension; received a scalar: {data}")
    return array


def is_array_data(x) -> bool:
    return x is not None and all(_is_leaf(leaf) for leaf in _flat(x))


def _flat(structure):
    if isinstance(structure, dict):
        return [leaf for v in structure.values() for leaf in _flat(v)]
    if isinstance(structure, (list, tuple)) and not _is_leaf(structure):
        return [leaf for v in structure for leaf in _flat(v)]
    return [structure]


def _map(fn, structure):
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: _map(fn, v) for k, v in structure.items()}
    if isinstance(structure, list):
        return [_map(fn, v) for v in structure]
    return fn(structure)


def check_cardinality(x, y, sample_weight):
    """All arrays must hold the same number of samples; says which differ, before any step."""
    sizes = {label: [a.shape[0] for a in _flat(d)] for label, d in (("x", x), ("y", y), ("sample_weight",
                                                                                           sample_weight))
             if d is not None}
    if len({n for ns in sizes.values() for n in ns}) > 1:
        msg = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples."
        for label, ns in sizes.items():
            msg += f"'{label}' sizes: {', '.join(str(n) for n in ns)}\n"
        raise ValueError(msg)


def class_weights_to_sample_weights(y, class_weight):
    """Per-sample weights from ``{class: weight}`` (classes from one-hot rows or integer labels)."""
    if isinstance(y, (dict, list)):
        raise ValueError("`class_weight` is only supported for Models with a single output.")  # noqa: TRY004
    labels = np.argmax(y, axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else np.round(y.reshape(-1)).astype("int64")
    max_class = max(int(k) for k in class_weight)
    table = np.zeros(max_class + 1, dtype=FLOATX)
    for k, w in class_weight.items():
        table[int(k)] = w
    if labels.size and labels.max() > max_class:
        raise ValueError(f"Expected `class_weight` to be a dict with keys from 0 to one less than the number of "
                         f"classes, found {class_weight}")
    return table[labels]


def train_validation_split(arrays, validation_split):
    """``(x, y, sample_weight)`` split: the last ``validation_split`` of the samples is held out (as Keras)."""
    flat = [a for part in arrays if part is not None for a in _flat(part)]
    unsplittable = [type(a) for a in flat if not isinstance(a, np.ndarray)]
    if unsplittable:
        raise ValueError("`validation_split` is only supported for Tensors or NumPy arrays, found following types in "
                         f"the input: {unsplittable}")
    batch_dim = int(flat[0].shape[0])
    split_at = math.floor(batch_dim * (1.0 - validation_split))
    if split_at == 0 or split_at == batch_dim:
        raise ValueError(f"Training data contains {batch_dim} samples, which is not sufficient to split it into a "
                         f"validation and training set as specified by `validation_split={validation_split}`. "
                         "Either provide more data, or a different value for the `validation_split` argument.")
    train = tuple(_map(lambda a: a[:split_at], part) for part in arrays)
    val = tuple(_map(lambda a: a[split_at:], part) for part in arrays)
    return train, val


def _rows(array, index):
    """The batch ``array[index]`` as a tensor: gathered rows are a fresh array, so no second copy is made."""
    if isinstance(array, np.ndarray) and not isinstance(index, slice) and array.dtype.kind in "biuf":
        return constant(np.take(array, index, axis=0))
    return tf.convert_to_tensor(array[index])


class ArrayDataAdapter:
    """Batches of in-memory arrays, reshuffled each epoch when ``shuffle`` is true."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, shuffle=False, class_weight=None,
                 steps=None):
        self.x = to_arrays(x, is_input=True)
        self.y = to_arrays(y)
        self.sample_weight = to_arrays(sample_weight)
        check_cardinality(self.x, self.y, self.sample_weight)
        if class_weight is not None:
            if self.sample_weight is not None:
                raise ValueError("You cannot `class_weight` and `sample_weight` at the same time.")
            if self.y is None:
                raise ValueError("`class_weight` needs targets `y`.")
            self.sample_weight = class_weights_to_sample_weights(self.y, class_weight)
        self.num_samples = int(_flat(self.x)[0].shape[0])
        self.batch_size = batch_size or 32
        if steps is not None and batch_size is None:
            self.batch_size = math.ceil(self.num_samples / steps)
        self.shuffle = shuffle
        self.num_batches = math.ceil(self.num_samples / self.batch_size) if self.num_samples else 0

    def batches(self):
        order = np.arange(self.num_samples)
        if self.shuffle == "batch":
            for start in range(0, self.num_samples, self.batch_size):
                np.random.shuffle(order[start:start + self.batch_size])
        elif self.shuffle:
            np.random.shuffle(order)
        in_order = not self.shuffle
        for start in range(0, self.num_samples, self.batch_size):
            index = slice(start, start + self.batch_size) if in_order else order[start:start + self.batch_size]
            yield pack_x_y_sample_weight(*(_map(lambda a, i=index: _rows(a, i), part)
                                           for part in (self.x, self.y, self.sample_weight)))

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass


# --- iterables -------------------------------------------------------------------------------------

def _to_tensors(data):
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    convert = lambda a: tf.convert_to_tensor(a) if tf.is_tensor(a) else tf.convert_to_tensor(to_arrays(a))
    return pack_x_y_sample_weight(*(_map(convert, part) for part in (x, y, sample_weight)))


class GeneratorDataAdapter:
    """A Python generator (or iterator) of batches; it is consumed as it goes, as in Keras."""

    def __init__(self, generator):
        self.generator = generator
        self.num_batches = None
        self._peeked = []

    def peek(self):
        if not self._peeked:
            self._peeked.append(next(self.generator))
        return _to_tensors(self._peeked[0])

    def batches(self):
        while self._peeked:
            yield _to_tensors(self._peeked.pop(0))
        for data in self.generator:
            yield _to_tensors(data)

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass


class PyDatasetAdapter:
    """A ``keras.utils.PyDataset``: ``len`` batches, read by index (their order shuffled when asked)."""

    def __init__(self, dataset, shuffle=False):
        self.dataset = dataset
        self.shuffle = shuffle
        self.num_batches = len(dataset)

    def batches(self):
        order = np.arange(len(self.dataset))
        if self.shuffle:
            np.random.shuffle(order)
        for i in order:
            yield _to_tensors(self.dataset[int(i)])

    def on_epoch_begin(self):
        self.dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.dataset.on_epoch_end()


class DatasetAdapter:
    """A ``tf.data.Dataset`` (duck-typed: iterable, with an ``element_spec``) of batches."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.num_batches = None
        cardinality = getattr(dataset, "cardinality", None)
        if cardinality is not None:
            try:
                n = int(np.asarray(cardinality()))
                self.num_batches = n if n >= 0 else None
            except (TypeError, ValueError, NotImplementedError):
                self.num_batches = None

    def batches(self):
        for data in self.dataset:
            yield _to_tensors(data)

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass


def _is_infinite(dataset) -> bool:
    cardinality = getattr(dataset, "cardinality", None)
    try:
        return cardinality is not None and int(np.asarray(cardinality())) == -1  # tf.data.INFINITE_CARDINALITY
    except (TypeError, ValueError, NotImplementedError):
        return False


def is_dataset(x) -> bool:
    return hasattr(x, "element_spec") and hasattr(x, "__iter__")


def get_data_adapter(x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                     class_weight=None):
    """The adapter for ``x`` (and the arguments that only arrays accept checked)."""
    if isinstance(x, PyDataset) or (hasattr(x, "__getitem__") and hasattr(x, "__len__") and
                                    hasattr(x, "on_epoch_end") and not isinstance(x, (list, tuple, np.ndarray))):
        _refuse_extra("a PyDataset", y, sample_weight, batch_size)
        return PyDatasetAdapter(x, shuffle=bool(shuffle))
    if is_dataset(x):
        _refuse_extra("a dataset", y, sample_weight, batch_size)
        adapter = DatasetAdapter(x)
        if steps_per_epoch is None and _is_infinite(x):  # Keras 3 would train forever; say why instead
            raise ValueError("When providing an infinite dataset, you must specify the number of steps to run "
                             "(if you did not intend to create an infinite dataset, make sure to not call "
                             "`repeat()` on the dataset): pass `steps_per_epoch` (or `steps`/`validation_steps`).")
        return adapter
    if hasattr(x, "__next__"):
        _refuse_extra("a generator", y, sample_weight, batch_size)
        return GeneratorDataAdapter(x)
    if is_array_data(x):
        return ArrayDataAdapter(x, y, sample_weight=sample_weight, batch_size=batch_size, shuffle=shuffle,
                                class_weight=class_weight, steps=steps_per_epoch)
    raise ValueError(f"Unrecognized data type: x={x} (of type {type(x)})")


def _refuse_extra(kind, y, sample_weight, batch_size):
    if y is not None:
        raise ValueError(f"When providing `x` as {kind}, `y` should not be passed. Instead, the targets should be "
                         f"included as part of {kind}.")
    if sample_weight is not None:
        raise ValueError(f"When providing `x` as {kind}, `sample_weight` should not be passed. Instead, the sample "
                         f"weights should be included as part of {kind}.")
    if batch_size is not None:
        raise ValueError(f"When providing `x` as {kind}, `batch_size` should not be passed; {kind} yields batches.")


__all__ = [
    "get_data_adapter",
    "nest",
    "pack_x_y_sample_weight",
    "train_validation_split",
    "unpack_x_y_sample_weight",
]
