"""``keras.random``: random tensors with Keras 3's seed rules, drawn by NumPy.

- an integer seed gives the same numbers at every call (Keras' stateless draws);
- a ``SeedGenerator`` advances at every call (different numbers, reproducible sequence);
- ``seed=None`` draws from the global generator (``keras.utils.set_random_seed`` fixes it).

The streams are NumPy Philox generators: the values differ from Keras' own (TF's Philox
kernels) even for the same seeds; only their distributions and the seed behaviour agree.
"""

from __future__ import annotations

import random as python_random

import numpy as np

from .api_export import keras_export
from .utils.dtype_utils import standardize_dtype


def make_default_seed() -> int:
    """A seed from Python's ``random`` (so ``set_random_seed`` makes it reproducible), as Keras does."""
    return python_random.randint(1, int(1e9))


@keras_export(["keras.random.SeedGenerator"])
class SeedGenerator:
    """A stateful source of seeds: each draw uses the next one.

    >>> from tensorflux import keras
    >>> g = keras.random.SeedGenerator(1)
    >>> a = keras.random.uniform((2,), seed=g); b = keras.random.uniform((2,), seed=g)
    >>> bool((a.numpy() != b.numpy()).any())
    True
    """

    def __init__(self, seed=None, name=None, **kwargs):
        self._initial_seed = seed
        self.seed = make_default_seed() if seed is None else int(seed)
        self.counter = 0
        self.name = name or "seed_generator"

    def next(self) -> tuple:
        self.counter += 1
        return (self.seed, self.counter)

    def get_config(self) -> dict:
        return {"seed": self._initial_seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


_GLOBAL = {"generator": None}


def global_seed_generator() -> SeedGenerator:
    if _GLOBAL["generator"] is None:
        _GLOBAL["generator"] = SeedGenerator()
    return _GLOBAL["generator"]


def reset_global_seed_generator() -> None:
    _GLOBAL["generator"] = None


def rng(seed) -> np.random.Generator:
    """The NumPy generator for one draw: an int seed always gives the same stream."""
    if isinstance(seed, SeedGenerator):
        key = seed.next()
    elif seed is None:
        key = global_seed_generator().next()
    elif isinstance(seed, (int, np.integer)):
        key = (int(seed), 0)
    else:
        raise ValueError("Argument `seed` must be either an integer or an instance of `SeedGenerator`. "
                         f"Received: seed={seed} (of type {type(seed)})")
    return np.random.Generator(np.random.Philox(key=[k & 0xFFFFFFFFFFFFFFFF for k in key]))


def _tensor(values, dtype):
    from ..framework.primitive import constant

    return constant(np.asarray(values).astype(_numpy_dtype(dtype)))


def _numpy_dtype(dtype):
    from ..framework import dtypes

    return dtypes.as_dtype(standardize_dtype(dtype)).numpy_dtype


def _shape(shape) -> tuple:
    return tuple(int(d) for d in shape)


@keras_export("keras.random.normal")
def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from a normal distribution."""
    values = rng(seed).standard_normal(_shape(shape)) * stddev + mean
    return _tensor(values, dtype)


@keras_export("keras.random.uniform")
def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples uniformly from ``[minval, maxval)``."""
    dtype = standardize_dtype(dtype)
    if "int" in dtype:
        values = rng(seed).integers(minval, maxval, size=_shape(shape))
    else:
        values = rng(seed).uniform(minval, maxval, size=_shape(shape))
    return _tensor(values, dtype)


@keras_export("keras.random.truncated_normal")
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples redrawn while more than two standard deviations from the mean (as TF)."""
    generator = rng(seed)
    values = generator.standard_normal(_shape(shape))
    outside = np.abs(values) > 2.0
    while outside.any():
        values[outside] = generator.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2.0
    return _tensor(values * stddev + mean, dtype)


@keras_export("keras.random.randint")
def randint(shape, minval, maxval, dtype="int32", seed=None):
    return _tensor(rng(seed).integers(minval, maxval, size=_shape(shape)), dtype)


@keras_export("keras.random.shuffle")
def shuffle(x, axis=0, seed=None):
    from ..framework.primitive import convert_to_tensor
    from ..ops import array

    x = convert_to_tensor(x)
    order = rng(seed).permutation(x.shape[axis])
    return array.gather(x, order.astype(np.int64), axis=axis)


@keras_export("keras.random.dropout")
def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes elements with probability ``rate`` and scales the others by ``1 / (1 - rate)``."""
    from ..framework.primitive import convert_to_tensor
    from ..ops import math as math_ops

    inputs = convert_to_tensor(inputs)
    shape = inputs.shape.as_list() if noise_shape is None else [
        inputs.shape[i] if d is None else d for i, d in enumerate(noise_shape)]
    keep = rng(seed).uniform(size=_shape(shape)) >= rate
    scale = np.asarray(keep, dtype=inputs.dtype.numpy_dtype) / np.asarray(1 - rate, inputs.dtype.numpy_dtype)
    return math_ops.multiply(inputs, _tensor(scale, inputs.dtype.name))
