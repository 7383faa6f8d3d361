"""The shared shape of the op tables: one ``Case`` per public function or primitive use.

A case names a function of tensors, its inputs (float64 NumPy arrays, or integer/bool ones), a
NumPy reference for the forward values, and the order to which its gradient is checked
numerically (0: not differentiable in those inputs). Each family's test file holds one table and
parametrises the same three checks over it: forward values vs NumPy (float32 stays float32),
gradients to ``grad`` order, and shape/dtype of the symbolic result (``test_infer.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

import tensorflux as tf
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(1234)


def rand(*shape, low=-1.0, high=1.0):
    """Uniform float64 values, away from 0 when ``low`` > 0 (kinks and poles stay out of reach)."""
    return RNG.uniform(low, high, size=shape)


def pos(*shape):
    return rand(*shape, low=0.5, high=2.0)


def apart(*shape, gap=0.1):
    """Values at least ``gap`` apart from each other and from 0: max/min/sort and kinks are well defined."""
    n = int(np.prod(shape, dtype=np.int64))
    values = (np.arange(1, n + 1) * gap + 0.05) * np.where(np.arange(n) % 2, 1, -1)
    return RNG.permutation(values).reshape(shape)


@dataclasses.dataclass
class Case:
    """``fn(*tensors)`` on ``inputs``; ``ref(*arrays)`` is its expected value (None: not compared)."""

    name: str
    fn: Callable
    inputs: list
    ref: Callable | None = None
    grad: int = 2  # gradient order checked (0: none); 1 where TF's own 2nd derivative is not the true one
    rtol: float = 1e-5
    atol: float = 1e-6

    def __repr__(self) -> str:
        return self.name


def params(table):
    import pytest

    return [pytest.param(c, id=c.name) for c in table]


def floats(arrays, dtype):
    return [np.asarray(a, dtype) if np.asarray(a).dtype.kind == "f" else np.asarray(a) for a in arrays]


def in_mode(fn, mode: str):
    """The case's function as called eagerly, or traced by ``tf.function`` (the same checks apply)."""
    return tf.function(fn) if mode == "function" else fn


def check_forward(case: Case, mode: str = "eager") -> None:
    """Values in float32 agree with the NumPy reference, and floating results stay float32."""
    inputs = floats(case.inputs, np.float32)
    out = in_mode(case.fn, mode)(*[tf.constant(a) for a in inputs])
    flat = tf.nest.flatten(out)
    for t in flat:
        if t is not None and t.dtype.is_floating:
            assert t.dtype == tf.float32, f"{case.name}: float32 inputs gave {t.dtype}"
    if case.ref is None:
        return
    expected = tf.nest.flatten(case.ref(*[np.asarray(a) for a in case.inputs]))
    assert len(flat) == len(expected)
    for got, want in zip(flat, expected):
        want = np.asarray(want)
        got = np.asarray(got)
        assert got.shape == want.shape, f"{case.name}: shape {got.shape} != {want.shape}"
        if want.dtype.kind in "biu":
            np.testing.assert_array_equal(got, want)
        else:
            np.testing.assert_allclose(got, want, rtol=max(case.rtol, 2e-5), atol=max(case.atol, 2e-5))


def check_float64(case: Case, mode: str = "eager") -> None:
    """The same function in float64 keeps float64 and agrees closely with NumPy."""
    if case.ref is None:
        return
    out = tf.nest.flatten(in_mode(case.fn, mode)(*[tf.constant(a) for a in case.inputs]))
    for got, want in zip(out, tf.nest.flatten(case.ref(*[np.asarray(a) for a in case.inputs]))):
        if got.dtype.is_floating and any(np.asarray(a).dtype.kind == "f" for a in case.inputs):
            assert got.dtype == tf.float64
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=case.rtol, atol=case.atol)


def check_case_gradients(case: Case, mode: str = "eager") -> None:
    differentiable = [i for i, a in enumerate(case.inputs) if np.asarray(a).dtype.kind == "f"]
    fixed = {i: a for i, a in enumerate(case.inputs) if i not in differentiable}
    fn = in_mode(case.fn, mode)

    def f(*tensors):
        it = iter(tensors)
        args = [tf.constant(fixed[i]) if i in fixed else next(it) for i in range(len(case.inputs))]
        return fn(*args)

    check_gradients(f, [case.inputs[i] for i in differentiable], order=case.grad)


def gradient_of(fn, *arrays):
    """d(sum of fn's float outputs)/d(inputs), or None where TF gives None."""
    tensors = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        out = fn(*tensors)
        total = tf.add_n([tf.reduce_sum(tf.cast(o, tf.float64)) for o in tf.nest.flatten(out)])
    return tape.gradient(total, tensors)
