"""The compiled activation kernels (``ops/kernels/activations.py``) against their NumPy oracle.

``tf.nn.relu``/``relu6`` and their gradients run the compiled kernels on large float32/float64
NumPy arrays (``nn.COMPILED_MIN_SIZE`` elements or more) and NumPy's expressions below that. The
oracles here are those expressions; equality is of bits (NaN, infinities and signed zeros included).
"""

import subprocess
import sys

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.ops import nn
from tensorflux.ops.kernels import activations
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(5)
BLOCK = activations.BLOCK
SIZES = [1, 7, 1000, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17]
SPECIAL = [0.0, -0.0, 6.0, -6.0, np.nextafter(0, 1), np.nextafter(6, 7), np.nextafter(6, 5), np.nan, -np.nan,
           np.inf, -np.inf]

ORACLES = {
    "relu": lambda x: np.maximum(x, np.zeros((), x.dtype)),
    "relu6": lambda x: np.clip(x, 0, 6),
    "relu_grad": lambda g, y: g * (y > 0),  # NaN * 0 is NaN: NumPy warns, tests silence it
    "relu6_grad": lambda g, x: g * ((x > 0) & (x < 6)),
}

pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")


def features(size, dtype):
    """Values around both kinks, with every special value (exact 0 and 6, -0.0, NaN, inf) in place."""
    x = RNG.uniform(-3, 9, size).astype(dtype)
    x[RNG.random(size) < 0.2] = 0
    x[RNG.random(size) < 0.2] = 6
    x[:len(SPECIAL)] = np.array(SPECIAL, dtype)[:size]
    return RNG.permutation(x)


def gradients(size, dtype):
    g = RNG.standard_normal(size).astype(dtype)
    g[RNG.random(size) < 0.05] = -0.0
    g[:3] = np.array([np.nan, np.inf, -np.inf], dtype)[:size]  # NaN * 0 stays NaN, as in NumPy and TF
    return RNG.permutation(g)


def run(name, *arrays):
    return nn._elementwise(getattr(nn._compiled, name), *arrays)


def same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(a.view(f"u{a.itemsize}"), b.view(f"u{b.itemsize}"))


def inputs(name, size, dtype):
    x = features(size, dtype)
    return (x,) if name in ("relu", "relu6") else (gradients(size, dtype), x)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(ORACLES))
def test_kernels_give_numpys_bits(name, dtype):
    for size in SIZES:
        args = inputs(name, size, dtype)
        same_bits(run(name, *args), ORACLES[name](*args).astype(dtype, copy=False))


@pytest.mark.parametrize("name", list(ORACLES))
def test_same_bits_run_to_run_and_on_one_or_two_threads(name, thread_count):
    args = inputs(name, 5 * BLOCK + 3, np.float32)
    thread_count(1)
    one = run(name, *args)
    thread_count(2)
    two, again = run(name, *args), run(name, *args)
    same_bits(one, two)
    same_bits(two, again)


def test_the_ops_take_the_compiled_kernels_only_where_they_pay(monkeypatch):
    calls = []
    for name in ORACLES:
        kernel = getattr(nn._compiled, name)
        monkeypatch.setattr(nn._compiled, name, lambda *a, _k=kernel, _n=name: calls.append(_n) or _k(*a))
    big = RNG.uniform(-3, 9, nn.COMPILED_MIN_SIZE).astype(np.float32)
    square = big.reshape(256, -1)
    for value in (big[:100], big.astype(np.float16), big.astype(np.int32), square.T, square[:, ::2]):
        nn._relu_kernel(value), nn._relu6_kernel(value), nn._relu_grad_kernel(value, value)
    nn._relu_grad_kernel(np.broadcast_to(np.float32(1), big.shape), big)  # a gradient broadcast from a sum
    nn._relu6_grad_kernel(big, big.astype(np.float64))
    assert calls == []  # small, float16, int32, strided, broadcast, mixed: NumPy's expressions
    tf.nn.relu(big), tf.nn.relu6(big), nn._relu_grad_kernel(big, big), nn._relu6_grad_kernel(square, square)
    assert calls == ["relu", "relu6", "relu_grad", "relu6_grad"]


def test_public_ops_and_tape_match_the_oracle_on_large_tensors():
    shape = (4, 64, 64, 16)  # above COMPILED_MIN_SIZE
    assert np.prod(shape) >= nn.COMPILED_MIN_SIZE
    for dtype in (np.float32, np.float64):
        x = features(int(np.prod(shape)), dtype).reshape(shape)
        g = gradients(x.size, dtype).reshape(shape)
        xt, gt = tf.constant(x), tf.constant(g)
        for op, name in ((tf.nn.relu, "relu"), (tf.nn.relu6, "relu6")):
            with tf.GradientTape() as tape:
                tape.watch(xt)
                y = op(xt)
            dx = tape.gradient(y, xt, output_gradients=gt)
            same_bits(y.numpy(), ORACLES[name](x).astype(dtype, copy=False))
            same_bits(dx.numpy(), ORACLES[name + "_grad"](g, y.numpy() if name == "relu" else x))


def test_tf_function_runs_the_same_kernels():
    shape = (2, 128, 128, 8)
    x = features(int(np.prod(shape)), np.float32).reshape(shape)
    g = gradients(x.size, np.float32).reshape(shape)

    @tf.function
    def step(t, dy):
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = tf.nn.relu6(tf.nn.relu(t))
        return y, tape.gradient(y, t, output_gradients=dy)

    y, dx = step(tf.constant(x), tf.constant(g))
    same_bits(y.numpy(), np.clip(np.maximum(x, 0), 0, 6))  # relu turns -0.0 into 0.0 first
    same_bits(dx.numpy(), (g * ((x > 0) & (x < 6))) * (np.maximum(x, 0) > 0))


def test_relu6_gradient_is_one_relu6grad_whose_gradient_is_itself():
    x = tf.constant(np.array([-1.0, 0.0, 3.0, 6.0, 7.0]))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.nn.relu6(x)
        g = tf.constant(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
        outer.watch(g)
        dx = inner.gradient(y, x, output_gradients=g)
    np.testing.assert_array_equal(dx.numpy(), [0.0, 0.0, 3.0, 0.0, 0.0])  # neither kink passes, as TF
    assert outer.gradient(dx, x) is None  # piecewise constant in x


    def gradient(t):
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = tf.nn.relu6(t)
        return tape.gradient(y, t)

    graph = tf.function(gradient).get_concrete_function(tf.TensorSpec([5], tf.float64)).graph
    types = [op.type for op in graph.get_operations()]
    assert types.count("Relu6Grad") == 1 and "LogicalAnd" not in types


@pytest.mark.parametrize("compiled", [False, True])
def test_second_order_gradients(compiled, monkeypatch):
    if compiled:  # tiny float64 shapes through the compiled kernels
        monkeypatch.setattr(nn, "COMPILED_MIN_SIZE", 1)
    x = RNG.permutation(np.array([-2.3, -0.7, 0.4, 1.9, 3.3, 5.2, 6.8, 8.1, -4.4, 2.6, 4.9, 0.9]))
    check_gradients(lambda t: tf.nn.relu6(t) * t, [x.reshape(3, 4)], order=2)
    check_gradients(lambda t: tf.nn.relu(t) * t, [x.reshape(3, 4)], order=2)
    check_gradients(lambda t: tf.nn.relu6(t * t - 1.0), [x.reshape(3, 4) / 2], order=2)


def test_import_tensorflux_does_not_import_numba():
    out = subprocess.run([sys.executable, "-c", "import sys, tensorflux as tf; tf.nn.relu6([1.0, 7.0]); "
                          "print('numba' in sys.modules)"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
