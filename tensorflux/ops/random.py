"""Random tensors (``tf.random``) with TF's global and operation seed rules.

- No seeds: values differ from run to run.
- ``tf.random.set_seed(s)`` only: each random op gets the next operation seed from a counter, so
  a program gives the same sequence on every run, and calling ``set_seed(s)`` again replays it.
- An operation ``seed`` only: the global seed is TF's default (87654321).
- Both: one deterministic stream per (global, operation) pair; repeated calls continue it.

The streams are NumPy Philox generators, so the numbers differ from TF's own (see README).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import NOT_DIFFERENTIABLE, STATE, as_input, declare
from . import shapes

DEFAULT_GRAPH_SEED = 87654321


class _Seeds:
    """The global seed, the operation-seed counter, and one generator per seed pair."""

    def __init__(self):
        self.global_seed = None
        self.counter = 0
        self.streams: dict[tuple, np.random.Generator] = {}
        self.unseeded = np.random.default_rng()
        self.traced: list[np.random.Generator] = []  # the streams random ops inside traced functions draw from
        self.pending: list[dict] = []  # saved states for traced streams not created yet (BackupAndRestore)

    def pair(self, op_seed):
        """TF's ``get_seed``: the (global, operation) seed pair, or None when nothing is seeded.

        An operation seed without a global one pairs with TF's default global seed; a global seed
        without an operation seed takes the next value of the counter.
        """
        if self.global_seed is None and op_seed is None:
            return None
        if op_seed is None:
            self.counter += 1
            op_seed = self.counter
        return (DEFAULT_GRAPH_SEED if self.global_seed is None else self.global_seed, int(op_seed))

    def generator(self, op_seed) -> np.random.Generator:
        explicit = op_seed is not None
        pair = self.pair(op_seed)
        if pair is None:
            return self.unseeded
        if not explicit:  # a counter-derived seed: an eager op draws once, a traced op on every run
            generator = _philox(pair)
            if STATE.graphs:  # keep a traced op's stream reachable, in creation order, for backups
                if self.pending:
                    generator.bit_generator.state = self.pending.pop(0)
                self.traced.append(generator)
            return generator
        if pair not in self.streams:  # an explicit op seed continues its stream on every call
            self.streams[pair] = _philox(pair)
        return self.streams[pair]


def _philox(pair) -> np.random.Generator:
    return np.random.Generator(np.random.Philox(key=list(pair)))


SEEDS = _Seeds()


def set_seed(seed):
    """Sets the global random seed, and restarts every seeded stream.

    >>> import tensorflux as tf
    >>> tf.random.set_seed(1); a = tf.random.uniform((2,))
    >>> tf.random.set_seed(1); b = tf.random.uniform((2,))
    >>> bool(tf.reduce_all(a == b))
    True
    """
    SEEDS.global_seed = None if seed is None else int(seed)
    SEEDS.counter = 0
    SEEDS.streams.clear()
    if seed is None:
        SEEDS.unseeded = np.random.default_rng()


def get_global_generator_seed():
    return SEEDS.global_seed


def get_seed(op_seed):
    """The (global, operation) seed pair an op with ``op_seed`` uses, as ``tf.compat.v1.get_seed``."""
    return SEEDS.pair(op_seed) or (None, None)


def _draw_infer(*inputs, shape, dtype, **attrs):
    return shape, dtype


def _declare_random(name, draw):
    """A random primitive; its shape is an attribute, or — when only known at run time — an input."""

    def kernel(*dynamic_shape, shape, **attrs):
        return draw(shape=tuple(int(d) for d in dynamic_shape[0]) if dynamic_shape else shape, **attrs)

    def infer(*dynamic_shape, shape, dtype, **attrs):
        return (shapes.known_dims(dynamic_shape[0]) if dynamic_shape else shape), dtype

    return declare(name, kernel, infer, NOT_DIFFERENTIABLE, stateful=True)


def _draw(prim, shape, **attrs):
    """Calls a random primitive with a static shape, or with a shape tensor known only at run time."""
    if hasattr(shape, "_value") and shape._value is None:
        return prim(as_input(shape), shape=None, **attrs)
    return prim(shape=_shape(shape), **attrs)


def _normal(*, shape, dtype, rng, mean, stddev):
    values = rng.standard_normal(shape, dtype=np.float64 if dtype is dtypes.float64 else np.float32)
    return (values * stddev + mean).astype(dtype.numpy_dtype)


def _uniform(*, shape, dtype, rng, minval, maxval):
    if dtype.is_integer:
        return rng.integers(minval, maxval, size=shape, dtype=dtype.numpy_dtype, endpoint=False)
    values = rng.random(shape, dtype=np.float64 if dtype is dtypes.float64 else np.float32)
    return (values * (maxval - minval) + minval).astype(dtype.numpy_dtype)


def _truncated(*, shape, dtype, rng, mean, stddev):
    """Normal values redrawn until within two standard deviations, as TF's TruncatedNormal."""
    values = rng.standard_normal(shape)
    bad = np.abs(values) > 2
    while bad.any():
        values[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(values) > 2
    return (values * stddev + mean).astype(dtype.numpy_dtype)


NORMAL = _declare_random("RandomStandardNormal", _normal)
UNIFORM = _declare_random("RandomUniform", _uniform)
TRUNCATED = _declare_random("TruncatedNormal", _truncated)


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _shape(shape):
    if hasattr(shape, "_value"):
        shape = np.asarray(shape._value).tolist()
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(d) for d in shape)


def _scalar(value):
    return float(np.asarray(value._value if hasattr(value, "_value") else value))


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Samples from a normal distribution.

    >>> import tensorflux as tf
    >>> tf.random.normal((3, 1)).shape
    TensorShape([3, 1])
    """
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:  # TF converts the mean to the dtype first, and fails there
        raise TypeError(f"Cannot convert {float(_scalar(mean))!r} to EagerTensor of dtype {dtype.name}")
    return _draw(NORMAL, shape, dtype=dtype, rng=SEEDS.generator(seed), mean=_scalar(mean),
                  stddev=_scalar(stddev), name=name)


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Samples uniformly from [minval, maxval); integer dtypes need ``maxval``.

    >>> import tensorflux as tf
    >>> tf.random.uniform((2,), minval=0, maxval=10, dtype=tf.int32).dtype
    tf.int32
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        lo, hi = int(_scalar(minval)), int(_scalar(maxval))
        if lo >= hi:
            raise InvalidArgumentError(f"Need minval < maxval, got {lo} >= {hi} [Op:RandomUniformInt]")
    else:
        lo, hi = _scalar(minval), 1.0 if maxval is None else _scalar(maxval)
    return _draw(UNIFORM, shape, dtype=dtype, rng=SEEDS.generator(seed), minval=lo, maxval=hi, name=name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples, redrawn when more than two standard deviations from the mean."""
    dtype = dtypes.as_dtype(dtype)
    return _draw(TRUNCATED, shape, dtype=dtype, rng=SEEDS.generator(seed), mean=_scalar(mean),
                     stddev=_scalar(stddev), name=name)


def _categorical_kernel(logits, *, shape, dtype, rng, num_samples):
    shifted = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(shifted.astype(np.float64))
    p /= p.sum(axis=1, keepdims=True)
    cdf = np.cumsum(p, axis=1)
    draws = rng.random((logits.shape[0], num_samples))
    picks = (draws[:, :, None] > cdf[:, None, :]).sum(axis=2)
    return np.minimum(picks, logits.shape[1] - 1).astype(dtype.numpy_dtype)


CATEGORICAL = declare("Multinomial", _categorical_kernel, _draw_infer, NOT_DIFFERENTIABLE,
                      stateful=True)


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws class indices from unnormalised log-probabilities ``[batch, classes]``.

    >>> import tensorflux as tf
    >>> tf.random.categorical([[0.0, 0.0]], 3).shape
    TensorShape([1, 3])
    """
    x = as_input(logits)
    if len(x._shape_tuple()) != 2:
        raise InvalidArgumentError(f"logits should be a matrix, got shape {_dims(x._shape_tuple())} [Op:Multinomial]")
    dtype = dtypes.int64 if dtype is None else dtypes.as_dtype(dtype)
    shape = (x._shape_tuple()[0], int(num_samples))
    return CATEGORICAL(x, shape=shape, dtype=dtype, rng=SEEDS.generator(seed), num_samples=int(num_samples),
                       name=name)


def _shuffle_infer(x, *, rng):
    return x._shape_tuple(), x.dtype


SHUFFLE = declare("RandomShuffle", lambda x, *, rng: rng.permutation(x) if x.ndim else x, _shuffle_infer,
                  NOT_DIFFERENTIABLE, stateful=True)


def shuffle(value, seed=None, name=None):
    """Shuffles a tensor along its first axis."""
    return SHUFFLE(as_input(value), rng=SEEDS.generator(seed), name=name)
