"""Datasets made of several datasets: ``zip``, ``concatenate``, ``sample_from_datasets`` and
``choose_from_datasets`` (``enumerate`` is a zip with a counter)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.shape import TensorSpec
from . import cardinality as card
from . import structure
from .dataset import Dataset
from .seeds import PassSeeds

_END = object()


def _close_all(iterators):
    for it in iterators:
        it.close()


class ZipDataset(Dataset):
    """Elements of several datasets side by side, in the structure the datasets were given in."""

    _tf_name = "_ZipDataset"

    def __init__(self, datasets):
        if type(datasets) is list:
            datasets = tuple(datasets)
        leaves = structure.flatten(datasets)
        for leaf in leaves:
            if not isinstance(leaf, Dataset):
                raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                                f"`tf.data.Dataset` objects but encountered object of type {type(leaf)}.")
        super().__init__(leaves)
        self._structure, self._datasets = datasets, leaves

    def _compute_spec(self):
        return structure.pack_like(self._structure, [d.element_spec for d in self._datasets])

    def _cardinality(self):
        return card.shortest(d._cardinality() for d in self._datasets)

    def _iterate(self):
        iterators = [d._iterate() for d in self._datasets]
        try:
            while True:
                parts = []
                for it in iterators:
                    element = next(it, _END)
                    if element is _END:
                        return
                    parts.append(element)
                yield structure.pack_like(self._structure, parts)
        finally:
            _close_all(iterators)


class ConcatenateDataset(Dataset):
    """The elements of one dataset, then another's."""

    _tf_name = "_ConcatenateDataset"

    def __init__(self, first, second):
        super().__init__([first, second])
        self._first, self._second = first, second
        self._spec = structure.most_specific_common(first.element_spec, second.element_spec)

    def _compute_spec(self):
        return self._spec

    def _cardinality(self):
        return card.total([self._first._cardinality(), self._second._cardinality()])

    def _iterate(self):
        yield from self._first._iterate()
        yield from self._second._iterate()


def _common_spec(datasets):
    spec = datasets[0].element_spec
    for d in datasets[1:]:
        spec = structure.most_specific_common(spec, d.element_spec)
    return spec


class SampleDataset(Dataset):
    """Elements drawn from several datasets at random, with given weights."""

    _tf_name = "_DirectedInterleaveDataset"

    def __init__(self, datasets, weights, seed, stop_on_empty_dataset):
        if not datasets:
            raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
        super().__init__(datasets)
        self._datasets = datasets
        if weights is None:
            weights = np.ones(len(datasets))
        weights = np.asarray(weights.numpy() if hasattr(weights, "numpy") else weights, dtype=np.float64)
        if weights.shape != (len(datasets),):
            raise ValueError(f"Invalid `weights`. The shape of `weights` should be compatible with `[len(datasets)]` "
                             f"but is {list(weights.shape)}.")
        self._weights = weights
        self._seeds = PassSeeds(seed, True)
        self._stop = stop_on_empty_dataset

    def _compute_spec(self):
        return _common_spec(self._datasets)

    def _iterate(self):
        rng = self._seeds.next_generator()
        iterators = [d._iterate() for d in self._datasets]
        active = [i for i, w in enumerate(self._weights) if w > 0]
        try:
            while active:
                p = self._weights[active] / self._weights[active].sum()
                i = active[int(rng.choice(len(active), p=p))]
                element = next(iterators[i], _END)
                if element is _END:
                    if self._stop:
                        return
                    active.remove(i)
                    continue
                yield element
        finally:
            _close_all(iterators)


class ChooseDataset(Dataset):
    """Elements from ``datasets[i]`` for each index ``i`` the choice dataset yields."""

    _tf_name = "_DirectedInterleaveDataset"

    def __init__(self, datasets, choice_dataset, stop_on_empty_dataset):
        if not datasets:
            raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
        if choice_dataset.element_spec != TensorSpec((), dtypes.int64):
            raise TypeError("Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar of type "
                            f"`tf.int64`, but got {choice_dataset.element_spec}.")
        super().__init__(list(datasets) + [choice_dataset])
        self._datasets, self._choices, self._stop = datasets, choice_dataset, stop_on_empty_dataset

    def _compute_spec(self):
        return _common_spec(self._datasets)

    def _iterate(self):
        iterators = [d._iterate() for d in self._datasets]
        exhausted = set()
        choices = self._choices._iterate()
        try:
            for choice in choices:
                i = int(choice)
                if not 0 <= i < len(iterators):
                    raise InvalidArgumentError(f"Selector index out of range: {i} >= {len(iterators)}")
                if i in exhausted:
                    continue
                element = next(iterators[i], _END)
                if element is _END:
                    if self._stop:
                        return
                    exhausted.add(i)
                    continue
                yield element
        finally:
            _close_all(iterators + [choices])
