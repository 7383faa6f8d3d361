"""``tf.data.experimental``: the names TF still keeps here (most are now ``Dataset`` methods)."""

from __future__ import annotations

from .cardinality import INFINITE as INFINITE_CARDINALITY  # noqa: F401
from .cardinality import UNKNOWN as UNKNOWN_CARDINALITY  # noqa: F401
from .dataset import Dataset as _Dataset
from .options import (  # noqa: F401
    AUTOTUNE,
    AutoShardPolicy,
    AutotuneOptions,
    DistributeOptions,
    ExternalStatePolicy,
    OptimizationOptions,
    ThreadingOptions,
)
from .slicing import AssertCardinalityDataset as _AssertCardinality

sample_from_datasets = _Dataset.sample_from_datasets
choose_from_datasets = _Dataset.choose_from_datasets
Counter = _Dataset.counter
RandomDataset = _Dataset.random
load = _Dataset.load


def cardinality(dataset):
    """``dataset.cardinality()``: an int64 scalar tensor, -1 infinite, -2 unknown."""
    return dataset.cardinality()


def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None):
    dataset.save(path, compression, shard_func)


def get_single_element(dataset):
    return dataset.get_single_element()


def assert_cardinality(expected_cardinality):
    """A transformation for ``Dataset.apply``: the dataset must have exactly this many elements."""
    expected = int(expected_cardinality.numpy() if hasattr(expected_cardinality, "numpy") else expected_cardinality)
    return lambda dataset: _AssertCardinality(dataset, expected)


def ignore_errors(log_warning=False):
    return lambda dataset: dataset.ignore_errors(log_warning)


def unbatch():
    return lambda dataset: dataset.unbatch()


def unique():
    return lambda dataset: dataset.unique()


def enumerate_dataset(start=0):
    return lambda dataset: dataset.enumerate(start)


def take_while(predicate):
    return lambda dataset: dataset.take_while(predicate)


def scan(initial_state, scan_func):
    return lambda dataset: dataset.scan(initial_state, scan_func)
