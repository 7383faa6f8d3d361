"""Choosing which elements pass: ``take``, ``skip``, ``repeat``, ``shard``, ``unique``,
``ignore_errors``, ``assert_cardinality``, and ``with_options`` (which passes them all)."""

from __future__ import annotations

import contextvars
import itertools
import logging

from ..framework import dtypes
from ..framework.errors import FailedPreconditionError
from . import cardinality as card
from .dataset import Dataset

# Set by ``ignore_errors`` while it pulls an element: ``map`` and ``filter`` then drop an element
# whose function raised, instead of raising (a generator that raised could not go on).
TOLERATE_ERRORS = contextvars.ContextVar("tensorflux_data_tolerate_errors", default=None)


class _PassThrough(Dataset):
    """A dataset over one input with the same elements."""

    def __init__(self, input_dataset):
        super().__init__([input_dataset])
        self._input = input_dataset

    def _compute_spec(self):
        return self._input.element_spec

    def _cardinality(self):
        return self._input._cardinality()

    def _iterate(self):
        yield from self._input._iterate()


class OptionsDataset(_PassThrough):
    _tf_name = "_OptionsDataset"

    def __init__(self, input_dataset, options):
        super().__init__(input_dataset)
        self._own_options = options


class TakeDataset(_PassThrough):
    _tf_name = "_TakeDataset"

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self):
        return card.take(self._input._cardinality(), self._count)

    def _iterate(self):
        if self._count < 0:
            yield from self._input._iterate()
        elif self._count > 0:
            elements = self._input._iterate()
            yield from itertools.islice(elements, self._count)
            elements.close()


class SkipDataset(_PassThrough):
    _tf_name = "_SkipDataset"

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self):
        return card.skip(self._input._cardinality(), self._count)

    def _iterate(self):
        elements = self._input._iterate()
        if self._count < 0:
            for _ in elements:
                pass
            return
        yield from itertools.islice(elements, self._count, None)


class RepeatDataset(_PassThrough):
    _tf_name = "_RepeatDataset"

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self):
        n, count = self._input._cardinality(), self._count
        if count < 0:
            return 0 if n == 0 else card.INFINITE
        if count == 0 or n == 0:
            return 0
        return n * count if n >= 0 else n

    def _iterate(self):
        passes = 0
        while self._count < 0 or passes < self._count:
            produced = False
            for element in self._input._iterate():
                produced = True
                yield element
            if not produced:  # an empty dataset repeated is empty (rather than a busy loop)
                return
            passes += 1


class ShardDataset(_PassThrough):
    _tf_name = "_ShardDataset"

    def __init__(self, input_dataset, num_shards, index):
        super().__init__(input_dataset)
        self._num, self._index = num_shards, index

    def _cardinality(self):
        n = self._input._cardinality()
        return n if n < 0 else n // self._num + (self._index < n % self._num)

    def _iterate(self):
        yield from itertools.islice(self._input._iterate(), self._index, None, self._num)


class UniqueDataset(_PassThrough):
    _tf_name = "_UniqueDataset"

    def __init__(self, input_dataset):
        super().__init__(input_dataset)
        spec = input_dataset.element_spec
        allowed = (dtypes.int32, dtypes.int64, dtypes.string)
        if not hasattr(spec, "dtype") or spec.dtype not in allowed or spec.shape.rank not in (0, None):
            raise TypeError(f"`tf.data.Dataset.unique` does not support type {spec}: only scalar int32, int64 and "
                            "string elements.")

    def _cardinality(self):
        return card.UNKNOWN

    def _iterate(self):
        seen = set()
        for element in self._input._iterate():
            key = element.item()
            if key not in seen:
                seen.add(key)
                yield element


class IgnoreErrorsDataset(_PassThrough):
    """Drops the elements whose ``map``/``filter`` function raised."""

    _tf_name = "_IgnoreErrorsDataset"

    def __init__(self, input_dataset, log_warning):
        super().__init__(input_dataset)
        self._log = log_warning

    def _cardinality(self):
        return card.UNKNOWN

    def _iterate(self):
        elements = self._input._iterate()
        report = _log_dropped if self._log else _ignore
        while True:
            token = TOLERATE_ERRORS.set(report)
            try:
                element = next(elements)
            except StopIteration:
                return
            finally:
                TOLERATE_ERRORS.reset(token)
            yield element


def _log_dropped(error):
    logging.getLogger("tensorflux").warning("Dropping an element of the dataset because of an error: %s", error)


def _ignore(error):
    pass


def tolerate(error) -> bool:
    """In ``map``/``filter``: whether to drop the element that raised ``error`` (under ``ignore_errors``)."""
    report = TOLERATE_ERRORS.get()
    if report is None:
        return False
    report(error)
    return True


class AssertCardinalityDataset(_PassThrough):
    _tf_name = "_AssertCardinalityDataset"

    def __init__(self, input_dataset, expected):
        super().__init__(input_dataset)
        self._expected = expected

    def _cardinality(self):
        return self._expected

    def _iterate(self):
        count = 0
        for element in self._input._iterate():
            count += 1
            if count > self._expected:
                raise FailedPreconditionError(f"Input dataset was expected to contain {self._expected} elements but "
                                              f"contained at least {count} elements.")
            yield element
        if count < self._expected:
            raise FailedPreconditionError(f"Input dataset was expected to contain {self._expected} elements but "
                                          f"contained only {count} elements.")
