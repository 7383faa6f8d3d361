"""Datasets of files: ``TextLineDataset`` (the lines of text files) and ``Dataset.list_files``."""

from __future__ import annotations

import glob
import os

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError, NotFoundError
from ..framework.shape import TensorSpec
from . import cardinality as card
from . import records
from .dataset import Dataset
from .sources import TensorSliceDataset


def _file_names(filenames):
    """``filenames`` (a string, a list of them, a string tensor or a dataset of strings) as a dataset."""
    if isinstance(filenames, Dataset):
        if filenames.element_spec != TensorSpec((), dtypes.string):
            raise TypeError(f"`filenames` must be a `tf.data.Dataset` of scalar `tf.string` elements, got "
                            f"{filenames.element_spec}.")
        return filenames
    if isinstance(filenames, (str, bytes, os.PathLike)):
        filenames = [filenames]
    if hasattr(filenames, "numpy"):
        filenames = np.atleast_1d(filenames.numpy()).tolist()
    names = [os.fspath(f) if isinstance(f, os.PathLike) else f for f in filenames]
    return TensorSliceDataset(np.array([n.encode() if isinstance(n, str) else n for n in names], dtype=object))


def _name(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def read_lines(path, compression_type=None):
    """Yields the lines of one file as 0-d string arrays, without their line ending (``\\n``, ``\\r\\n``)."""
    path = _name(path)
    if not os.path.exists(path):
        raise NotFoundError(f"{path}; No such file or directory")
    with records.open_file(path, "rb", compression_type or None) as f:
        for line in f:
            if line.endswith(b"\n"):
                line = line[:-2] if line.endswith(b"\r\n") else line[:-1]
            value = np.empty((), dtype=object)
            value[()] = line
            yield value


class _LinesOfFile(Dataset):
    _tf_name = "_TextLineDataset"

    def __init__(self, path, compression_type):
        super().__init__()
        self._path, self._compression = path, compression_type

    def _compute_spec(self):
        return TensorSpec((), dtypes.string)

    def _iterate(self):
        yield from read_lines(self._path, self._compression)


class TextLineDataset(Dataset):
    """The lines of one or more text files, as scalar strings (``tf.data.TextLineDataset``).

    Files are read one after another, or ``num_parallel_reads`` at a time, interleaved line by line.

    >>> import tensorflux as tf, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(path, "w").write("first\\nsecond\\n")
    >>> [line.decode() for line in tf.data.TextLineDataset(path).as_numpy_iterator()]
    ['first', 'second']
    """

    _tf_name = "TextLineDatasetV2"

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        files = _file_names(filenames)
        super().__init__([files])
        compression = compression_type or None
        opener = lambda path: _LinesOfFile(path.numpy(), compression)
        if num_parallel_reads is None:
            self._lines = files.flat_map(opener)
        else:
            self._lines = files.interleave(opener, cycle_length=num_parallel_reads, block_length=1,
                                           num_parallel_calls=num_parallel_reads)

    def _compute_spec(self):
        return TensorSpec((), dtypes.string)

    def _cardinality(self):
        return card.UNKNOWN

    def _iterate(self):
        yield from self._lines._iterate()


def list_files(file_pattern, shuffle=None, seed=None):
    """The files matching ``file_pattern`` (a glob, or a list of them), sorted, then shuffled unless
    ``shuffle=False``."""
    if hasattr(file_pattern, "numpy"):
        file_pattern = np.atleast_1d(file_pattern.numpy()).tolist()
    patterns = [file_pattern] if isinstance(file_pattern, (str, bytes, os.PathLike)) else list(file_pattern)
    names = set()
    for pattern in patterns:
        pattern = _name(os.fspath(pattern) if isinstance(pattern, os.PathLike) else pattern)
        matches = glob.glob(pattern)
        if not matches:
            raise InvalidArgumentError("Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized "
                                       f"data: b'No files matched pattern: {pattern}'")
        names.update(matches)
    files = sorted(names)
    dataset = TensorSliceDataset(np.array([f.encode() for f in files], dtype=object))
    if shuffle is None or shuffle:
        dataset = dataset.shuffle(len(files), seed=seed)
    return dataset
