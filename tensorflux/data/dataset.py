"""``tf.data.Dataset``: the base class, and the one place every transformation is offered from.

A dataset is a recipe, not data: each transformation returns a new dataset wrapping its input,
and nothing runs until it is iterated. Every dataset implements three things:

- ``_iterate()``: a generator of elements (structures of NumPy arrays, see ``structure.py``);
  each call is a fresh pass over the data (an epoch);
- ``_compute_spec()``: the ``element_spec``, asked for lazily and remembered;
- ``_cardinality()``: the number of elements, ``INFINITE`` (-1) or ``UNKNOWN`` (-2).

The transformations live in small modules (``sources``, ``mapping``, ``batching`` …) and this
file only validates arguments and builds them, so the whole API reads from one class.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import constant
from . import cardinality as card
from . import options as options_lib
from . import structure


def _int(value, what) -> int:
    """An int argument given as a Python int, NumPy integer or integer tensor."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    try:
        return int(value)
    except (TypeError, ValueError):
        raise TypeError(f"`{what}` must be an integer, got {value!r}.") from None


class Dataset:
    """A sequence of elements that a pipeline of transformations produces (``tf.data.Dataset``).

    >>> import tensorflux as tf
    >>> ds = tf.data.Dataset.range(6).map(lambda x: x * 2).batch(4)
    >>> [b.tolist() for b in ds.as_numpy_iterator()]
    [[0, 2, 4, 6], [8, 10]]
    """

    _tf_name = "Dataset"  # the class name TF prints in the repr

    def __init__(self, inputs=()):
        self._inputs = tuple(inputs)
        self._spec = None
        self._own_options = None

    # --- what every dataset implements --------------------------------------------------------

    def _iterate(self):
        raise NotImplementedError

    def _compute_spec(self):
        raise NotImplementedError

    def _cardinality(self) -> int:
        return card.UNKNOWN

    # --- what it is ---------------------------------------------------------------------------

    @property
    def element_spec(self):
        """The type of one element: a structure of ``tf.TensorSpec`` (and ``DatasetSpec``)."""
        if self._spec is None:
            self._spec = self._compute_spec()
        return self._spec

    def cardinality(self):
        """The number of elements as an int64 scalar tensor; -1 infinite, -2 unknown.

        >>> import tensorflux as tf
        >>> int(tf.data.Dataset.range(10).batch(3).cardinality())
        4
        """
        return constant(np.array(self._cardinality(), np.int64))

    def __len__(self) -> int:
        n = self._cardinality()
        if n == card.INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == card.UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self) -> bool:
        return True  # as TF: a dataset is truthy even when empty (len would be wrong to call)

    def __iter__(self):
        from .iterator import OwnedIterator

        return OwnedIterator(self)

    def as_numpy_iterator(self):
        """An iterator of the elements as NumPy values (scalars for rank 0, bytes for strings).

        >>> import tensorflux as tf
        >>> list(tf.data.Dataset.from_tensor_slices([1, 2]).as_numpy_iterator())
        [np.int32(1), np.int32(2)]
        """
        from .iterator import NumpyIterator

        for spec in structure.flatten(self.element_spec):
            if isinstance(spec, structure.DatasetSpec):
                raise TypeError("`tf.data.Dataset.as_numpy_iterator()` is not supported for datasets that produce "
                                "values of type DatasetSpec")
        return NumpyIterator(self)

    def __repr__(self) -> str:
        return f"<{self._tf_name} element_spec={self.element_spec!r}>"

    # --- options ------------------------------------------------------------------------------

    def options(self) -> options_lib.Options:
        """The options of this pipeline: its inputs' options merged with its own."""
        merged = options_lib.Options()
        for ds in self._inputs:
            merged = merged.merge(ds.options())
        return merged.merge(self._own_options) if self._own_options is not None else merged

    def with_options(self, options, name=None) -> Dataset:
        """The same elements, with ``options`` set for the pipeline."""
        from .slicing import OptionsDataset

        return OptionsDataset(self, options)

    # --- sources ------------------------------------------------------------------------------

    @staticmethod
    def from_tensor_slices(tensors, name=None) -> Dataset:
        """One element per row of ``tensors`` (a tensor, or a tuple/dict of them sharing dimension 0).

        >>> import tensorflux as tf
        >>> tf.data.Dataset.from_tensor_slices(([1, 2], [3., 4.])).element_spec[1]
        TensorSpec(shape=(), dtype=tf.float32, name=None)
        """
        return sources.TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None) -> Dataset:
        """A dataset of exactly one element: ``tensors``."""
        return sources.TensorDataset(tensors)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None, output_signature=None,
                       name=None) -> Dataset:
        """Elements yielded by ``generator()`` (called afresh for each pass), checked against a signature.

        >>> import tensorflux as tf
        >>> ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3]]),
        ...                                     output_signature=tf.TensorSpec((None,), tf.int32))
        >>> [x.tolist() for x in ds.as_numpy_iterator()]
        [[1, 2], [3]]
        """
        return sources.GeneratorDataset(generator, output_types, output_shapes, args, output_signature)

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None) -> Dataset:  # TF's name
        """``range(stop)``, ``range(start, stop)`` or ``range(start, stop, step)``, int64 by default."""
        return sources.RangeDataset(*[_int(a, "range") for a in args], output_type=output_type)

    @staticmethod
    def counter(start=0, step=1, dtype=dtypes.int64, name=None) -> Dataset:
        """``start, start + step, …`` for ever."""
        return sources.CounterDataset(_int(start, "start"), _int(step, "step"), dtype)

    @staticmethod
    def random(seed=None, rerandomize_each_iteration=None, name=None) -> Dataset:
        """Random int64 values for ever."""
        return sources.RandomDataset(seed, bool(rerandomize_each_iteration))

    @staticmethod
    def zip(*args, datasets=None, name=None) -> Dataset:
        """Elements of several datasets side by side, as a tuple (or the structure given).

        >>> import tensorflux as tf
        >>> ds = tf.data.Dataset.zip(tf.data.Dataset.range(3), tf.data.Dataset.range(5, 7))
        >>> [(int(a), int(b)) for a, b in ds]
        [(0, 5), (1, 6)]
        """
        if datasets is not None and args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        structure_ = datasets if datasets is not None else (args[0] if len(args) == 1 else args)
        return combining.ZipDataset(structure_)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None, name=None) -> Dataset:
        """The files matching a glob pattern (or patterns), shuffled unless ``shuffle=False``."""
        return text.list_files(file_pattern, shuffle, seed)

    @staticmethod
    def load(path, element_spec=None, compression=None, reader_func=None, wait=False) -> Dataset:
        """A dataset written by ``Dataset.save`` (tensorflux's own format, see ``saving.py``)."""
        return saving.load(path, element_spec, compression, reader_func)

    @staticmethod
    def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                             rerandomize_each_iteration=None) -> Dataset:
        """Elements drawn at random from several datasets, with the given probabilities."""
        return combining.SampleDataset(list(datasets), weights, seed, stop_on_empty_dataset)

    @staticmethod
    def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True) -> Dataset:
        """Elements from ``datasets[i]`` for each ``i`` that ``choice_dataset`` yields."""
        return combining.ChooseDataset(list(datasets), choice_dataset, stop_on_empty_dataset)

    # --- transformations ----------------------------------------------------------------------

    def map(self, map_func, num_parallel_calls=None, deterministic=None, synchronous=None,
            use_unbounded_threadpool=False, name=None) -> Dataset:
        """``map_func`` applied to each element (on a thread pool with ``num_parallel_calls``).

        Elements come out in input order unless ``deterministic=False``. A tuple element is
        spread over the function's arguments.

        >>> import tensorflux as tf
        >>> ds = tf.data.Dataset.range(4).map(lambda x: x * x, num_parallel_calls=tf.data.AUTOTUNE)
        >>> [int(x) for x in ds]
        [0, 1, 4, 9]
        """
        if num_parallel_calls is not None:
            num_parallel_calls = _int(num_parallel_calls, "num_parallel_calls")
            if num_parallel_calls <= 0 and num_parallel_calls != options_lib.AUTOTUNE:
                raise InvalidArgumentError("num_parallel_calls must be greater than zero. [Op:ParallelMapDatasetV2]")
        return mapping.MapDataset(self, map_func, num_parallel_calls, deterministic)

    def filter(self, predicate, name=None) -> Dataset:
        """The elements for which ``predicate`` returns a scalar ``True``."""
        return mapping.FilterDataset(self, predicate)

    def flat_map(self, map_func, name=None) -> Dataset:
        """The elements of the datasets ``map_func`` returns, one dataset after another."""
        return interleaving.InterleaveDataset(self, map_func, cycle_length=1, block_length=1, flat=True)

    def interleave(self, map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name=None) -> Dataset:
        """Elements of ``cycle_length`` datasets at a time, ``block_length`` from each in turn.

        >>> import tensorflux as tf
        >>> ds = tf.data.Dataset.range(1, 3).interleave(
        ...     lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)
        >>> [int(x) for x in ds]
        [1, 2, 1, 2]
        """
        if cycle_length is None or _int(cycle_length, "cycle_length") == options_lib.AUTOTUNE:
            cycle_length = options_lib.autotuned_parallelism(self.options())
        block_length = 1 if block_length is None else _int(block_length, "block_length")
        cycle_length = _int(cycle_length, "cycle_length")
        if cycle_length <= 0:
            raise InvalidArgumentError("cycle_length must be greater than zero.")
        if block_length <= 0:
            raise InvalidArgumentError("block_length must be greater than zero.")
        if num_parallel_calls is not None:
            num_parallel_calls = _int(num_parallel_calls, "num_parallel_calls")
        return interleaving.InterleaveDataset(self, map_func, cycle_length, block_length,
                                              parallel=num_parallel_calls is not None)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None,
              name=None) -> Dataset:
        """Consecutive elements stacked into batches of ``batch_size`` (the last may be smaller).

        >>> import tensorflux as tf
        >>> [b.tolist() for b in tf.data.Dataset.range(5).batch(2).as_numpy_iterator()]
        [[0, 1], [2, 3], [4]]
        """
        batch_size = _int(batch_size, "batch_size")
        if batch_size <= 0:
            raise InvalidArgumentError("Batch size must be greater than zero. [Op:BatchDatasetV2]")
        return batching.BatchDataset(self, batch_size, bool(drop_remainder))

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False,
                     name=None) -> Dataset:
        """Batches of elements padded to a common shape (to ``padded_shapes``, or the batch's largest).

        >>> import tensorflux as tf
        >>> ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x)).padded_batch(3)
        >>> next(iter(ds)).numpy().tolist()
        [[1, 0, 0], [2, 2, 0], [3, 3, 3]]
        """
        batch_size = _int(batch_size, "batch_size")
        if batch_size <= 0:
            raise InvalidArgumentError("Batch size must be greater than zero. [Op:PaddedBatchDatasetV2]")
        return batching.PaddedBatchDataset(self, batch_size, padded_shapes, padding_values, bool(drop_remainder))

    def unbatch(self, name=None) -> Dataset:
        """Each element split along its first dimension into separate elements."""
        return batching.UnbatchDataset(self)

    def rebatch(self, batch_size, drop_remainder=False, name=None) -> Dataset:
        """Batches re-cut to ``batch_size`` (or to a cycle through a list of sizes)."""
        return batching.RebatchDataset(self, batch_size, bool(drop_remainder))

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None) -> Dataset:
        """Windows of ``size`` elements, each a dataset, starting every ``shift`` elements.

        >>> import tensorflux as tf
        >>> ds = tf.data.Dataset.range(5).window(3, shift=2)
        >>> [[int(x) for x in w] for w in ds]
        [[0, 1, 2], [2, 3, 4], [4]]
        """
        size = _int(size, "size")
        shift = size if shift is None else _int(shift, "shift")
        stride = _int(stride, "stride")
        for value, what in ((size, "Window size"), (shift, "Window shift"), (stride, "Window stride")):
            if value <= 0:
                raise InvalidArgumentError(f"{what} must be greater than zero, but got {value}.")
        return batching.WindowDataset(self, size, shift, stride, bool(drop_remainder))

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None) -> Dataset:
        """Elements in random order, drawn from a buffer of ``buffer_size`` (a real buffer: a
        buffer smaller than the data shuffles only locally).

        >>> import tensorflux as tf
        >>> sorted(int(x) for x in tf.data.Dataset.range(5).shuffle(5, seed=1))
        [0, 1, 2, 3, 4]
        """
        buffer_size = _int(buffer_size, "buffer_size")
        if buffer_size == card.UNKNOWN:  # TF's "the whole dataset"
            buffer_size = self._cardinality()
        if buffer_size <= 0:
            raise InvalidArgumentError("buffer_size must be greater than zero or UNKNOWN_CARDINALITY "
                                       "[Op:ShuffleDatasetV3]")
        return shuffling.ShuffleDataset(self, buffer_size, seed, bool(reshuffle_each_iteration))

    def repeat(self, count=None, name=None) -> Dataset:
        """The elements ``count`` times over (for ever when ``count`` is None or -1)."""
        return slicing.RepeatDataset(self, -1 if count is None else _int(count, "count"))

    def take(self, count, name=None) -> Dataset:
        """The first ``count`` elements (all of them when ``count`` is -1)."""
        return slicing.TakeDataset(self, _int(count, "count"))

    def skip(self, count, name=None) -> Dataset:
        """All but the first ``count`` elements (none when ``count`` is -1)."""
        return slicing.SkipDataset(self, _int(count, "count"))

    def shard(self, num_shards, index, name=None) -> Dataset:
        """Every ``num_shards``-th element, starting at ``index``."""
        num_shards, index = _int(num_shards, "num_shards"), _int(index, "index")
        if num_shards <= 0:
            raise InvalidArgumentError(f"Number of shards must be greater than zero (currently num_shards = "
                                       f"{num_shards}). [Op:ShardDataset]")
        if not 0 <= index < num_shards:
            raise InvalidArgumentError(f"Index must be between 0 and {num_shards - 1} (currently index = {index}). "
                                       "[Op:ShardDataset]")
        return slicing.ShardDataset(self, num_shards, index)

    def enumerate(self, start=0, name=None) -> Dataset:
        """``(index, element)`` pairs, the index an int64 counting from ``start``."""
        return combining.ZipDataset((sources.CounterDataset(_int(start, "start"), 1, dtypes.int64), self))

    def concatenate(self, dataset, name=None) -> Dataset:
        """The elements of this dataset, then those of ``dataset`` (their specs must be compatible)."""
        return combining.ConcatenateDataset(self, dataset)

    def prefetch(self, buffer_size, name=None) -> Dataset:
        """The same elements, computed ahead by a background thread into a buffer of ``buffer_size``."""
        return prefetching.PrefetchDataset(self, _int(buffer_size, "buffer_size"))

    def cache(self, filename="", name=None) -> Dataset:
        """Elements computed once, then replayed: in memory, or in a file reused by later runs."""
        return caching.CacheDataset(self, str(filename))

    def take_while(self, predicate, name=None) -> Dataset:
        """The elements up to (not including) the first for which ``predicate`` is False."""
        return mapping.TakeWhileDataset(self, predicate)

    def scan(self, initial_state, scan_func, name=None) -> Dataset:
        """A running state: ``scan_func(state, element)`` returns ``(new_state, output)``."""
        return mapping.ScanDataset(self, initial_state, scan_func)

    def unique(self, name=None) -> Dataset:
        """The elements with repeats removed (scalar int or string elements)."""
        return slicing.UniqueDataset(self)

    def ignore_errors(self, log_warning=False, name=None) -> Dataset:
        """The elements whose computation did not raise an error (the others are dropped)."""
        return slicing.IgnoreErrorsDataset(self, bool(log_warning))

    def apply(self, transformation_func) -> Dataset:
        """``transformation_func(self)``: chains a function that transforms whole datasets."""
        dataset = transformation_func(self)
        if not isinstance(dataset, Dataset):
            raise TypeError("`transformation_func` must return a `tf.data.Dataset` object.")
        return dataset

    # --- consuming ----------------------------------------------------------------------------

    def reduce(self, initial_state, reduce_func, name=None):
        """Folds the elements into one state: ``state = reduce_func(state, element)``.

        >>> import tensorflux as tf
        >>> int(tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x))
        10
        """
        state = structure.to_tensors(structure.normalize(initial_state))
        for element in self._iterate():
            tensors = structure.to_tensors(element)
            state = reduce_func(state, tensors)
            state = structure.to_tensors(structure.normalize(state, list_is_tuple=True))
        return state

    def get_single_element(self, name=None):
        """The one element of a dataset that has exactly one."""
        iterator = self._iterate()
        try:
            first = next(iterator, None)
            if first is None:
                raise InvalidArgumentError("Dataset was empty. [Op:DatasetToSingleElement]")
            if next(iterator, None) is not None:
                raise InvalidArgumentError("Dataset had more than one element. [Op:DatasetToSingleElement]")
        finally:
            iterator.close()
        return structure.to_tensors(first)

    def save(self, path, compression=None, shard_func=None, checkpoint_args=None) -> None:
        """Writes the elements under directory ``path`` (tensorflux's own format, see ``saving.py``)."""
        saving.save(self, path, compression, shard_func)


from . import (  # last: the transformations subclass Dataset, defined above
    batching,
    caching,
    combining,
    interleaving,
    mapping,
    prefetching,
    saving,
    shuffling,
    slicing,
    sources,
    text,
)
