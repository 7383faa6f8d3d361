"""Iterators over datasets: ``iter(dataset)`` and ``dataset.as_numpy_iterator()``.

An iterator owns one pass over the data (a chain of generators, possibly with worker threads
behind ``prefetch`` and parallel ``map``). Dropping it, or breaking out of a ``for`` loop,
closes the chain, which stops those threads.
"""

from __future__ import annotations

import numpy as np

from ..framework.errors import InvalidArgumentError, OutOfRangeError
from ..framework.primitive import constant
from . import structure


class Iterator:
    """The common base of dataset iterators (``tf.data.Iterator``)."""

    def __init__(self, dataset):
        self._dataset = dataset
        self._elements = dataset._iterate()

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self):
        return self

    def _next_element(self):
        return next(self._elements)

    def get_next(self):
        """The next element; ``tf.errors.OutOfRangeError`` at the end (``next`` raises StopIteration)."""
        try:
            return self.__next__()
        except StopIteration:
            raise OutOfRangeError("End of sequence [Op:IteratorGetNext]") from None

    def get_next_as_optional(self):
        """The next element wrapped in an ``Optional`` that is empty at the end."""
        try:
            return Optional(self.__next__())
        except StopIteration:
            return Optional()

    def close(self) -> None:
        """Ends the pass now (stops its worker threads); iterating further raises StopIteration."""
        self._elements.close()


class OwnedIterator(Iterator):
    """``iter(dataset)``: yields elements as tensors, in the dataset's structure.

    >>> import tensorflux as tf
    >>> it = iter(tf.data.Dataset.range(2))
    >>> int(next(it)), int(it.get_next())
    (0, 1)
    """

    def __next__(self):
        return structure.to_tensors(next(self._elements))

    next = __next__


class NumpyIterator(Iterator):
    """``dataset.as_numpy_iterator()``: yields elements as NumPy values."""

    def __next__(self):
        return structure.to_numpy(next(self._elements))

    next = __next__

    def __repr__(self) -> str:
        return f"NumpyIterator(iterator={object.__repr__(self)})"


class Optional:
    """A value that may be absent (``tf.experimental.Optional``), from ``get_next_as_optional``."""

    def __init__(self, value=None, has_value=None):
        self._value = value
        self._has_value = value is not None if has_value is None else has_value

    @staticmethod
    def from_value(value) -> Optional:
        return Optional(value, True)

    @staticmethod
    def empty(element_spec=None) -> Optional:
        return Optional(None, False)

    def has_value(self, name=None):
        return constant(np.array(self._has_value))

    def get_value(self, name=None):
        if not self._has_value:
            raise InvalidArgumentError("The optional does not have a value. [Op:OptionalGetValue]")
        return self._value
