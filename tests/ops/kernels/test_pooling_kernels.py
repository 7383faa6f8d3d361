"""The compiled pooling kernels (``ops/kernels/pooling.py``) against their NumPy oracle.

``_pooling.max_pool`` and its siblings run the compiled kernels on NumPy arrays of the dtypes
they take; the ``_xp_*`` functions beside them are the NumPy path (CuPy's and the oracle's).
Inputs are rounded to a few distinct values, so windows hold tied maxima and the gradient's
first-maximum rule is exercised. Shapes are tiny: the file's cost is mostly Numba compiling the
kernels (once per cache).
"""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.ops import _pooling
from tensorflux.ops._tiling import Geometry
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(5)
TOLERANCE = {np.float32: dict(rtol=1e-6, atol=1e-6), np.float64: dict(rtol=1e-13, atol=1e-13)}

# (x shape, window, strides, dilations, padding): tilings and leftovers, overlaps, dilations,
# strides beyond the window, windows wider than the input, explicit pads (some as wide as the
# window or wider, so whole windows fall in the padding), 2-D and 3-D.
CASES = [
    ((2, 8, 6, 3), (2, 2), (2, 2), (1, 1), "VALID"),
    ((2, 7, 5, 3), (2, 2), (2, 2), (1, 1), "VALID"),
    ((2, 7, 6, 3), (3, 3), (1, 1), (1, 1), "SAME"),
    ((1, 9, 8, 4), (3, 3), (2, 2), (1, 1), "SAME"),
    ((2, 9, 8, 2), (3, 2), (2, 1), (1, 1), "SAME"),
    ((1, 9, 9, 3), (2, 2), (1, 1), (2, 2), "VALID"),
    ((2, 10, 9, 3), (3, 2), (1, 2), (2, 1), "VALID"),
    ((1, 5, 5, 2), (1, 1), (3, 3), (1, 1), "VALID"),
    ((2, 2, 3, 3), (5, 4), (1, 1), (1, 1), "SAME"),
    ((1, 1, 9, 3), (1, 3), (1, 2), (1, 1), "SAME"),
    ((1, 6, 7, 3), (3, 3), (2, 1), (1, 1), ((2, 2), (1, 0))),
    ((1, 4, 5, 2), (2, 2), (1, 1), (1, 1), ((3, 3), (0, 4))),
    ((2, 4, 5, 6, 3), (2, 2, 2), (2, 2, 2), (1, 1, 1), "VALID"),
    ((1, 5, 4, 6, 2), (3, 3, 3), (1, 1, 1), (1, 1, 1), "SAME"),
    ((2, 5, 6, 4, 3), (2, 3, 2), (1, 2, 2), (1, 1, 1), "SAME"),
    ((1, 6, 5, 5, 2), (2, 2, 2), (1, 1, 1), (2, 1, 2), "VALID"),
    ((1, 3, 4, 4, 2), (2, 2, 2), (1, 1, 1), (1, 1, 1), ((2, 3), (0, 1), (1, 0))),
]


def case_id(case):
    shape, window, strides, dilations, padding = case
    pad = padding if isinstance(padding, str) else "explicit"
    return (f"{'x'.join(map(str, shape))}-k{''.join(map(str, window))}-s{''.join(map(str, strides))}"
            f"-d{''.join(map(str, dilations))}-{pad}")


def tied(shape, dtype):
    """Values from a handful of integers: most windows hold their maximum more than once."""
    return RNG.integers(-3, 4, shape).astype(dtype)


def arrays(case, dtype):
    shape, window, strides, dilations, padding = case
    geom = Geometry(shape[1:-1], window, strides, dilations, padding, "test")
    x = tied(shape, dtype)
    dy = RNG.standard_normal((shape[0], *geom.out_sizes, shape[-1])).astype(dtype)
    h = RNG.standard_normal(shape).astype(dtype)
    attrs = dict(window=window, strides=strides, dilations=dilations, padding=padding)
    return x, dy, h, geom, attrs


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_compiled_kernels_match_the_numpy_oracle(case, dtype):
    x, dy, h, geom, attrs = arrays(case, dtype)
    y = _pooling.max_pool(x, **attrs)
    want_y = _pooling._xp_max_pool(x, geom)
    assert y.dtype == want_y.dtype == dtype and y.shape == want_y.shape
    np.testing.assert_array_equal(y, want_y)
    got = {"max grad": _pooling.max_pool_grad(x, y, dy, **attrs),
           "max grad grad": _pooling.max_pool_grad_grad(x, y, h, **attrs),
           "avg": _pooling.avg_pool(x, **attrs),
           "avg grad": _pooling.avg_pool_grad(np.array(x.shape), dy, **attrs)}
    with np.errstate(divide="ignore", invalid="ignore"):  # average windows all in the padding: 0 / 0
        want = {"max grad": _pooling._xp_max_pool_grad(x, want_y, dy, geom),
                "max grad grad": _pooling._xp_max_pool_grad_grad(x, want_y, h, geom),
                "avg": _pooling._xp_avg_pool(x, geom),
                "avg grad": _pooling._xp_avg_pool_grad(x.shape, dy, geom)}
    for name in got:
        assert got[name].dtype == want[name].dtype == dtype, name
        assert got[name].shape == want[name].shape, name
        np.testing.assert_allclose(got[name], want[name], **TOLERANCE[dtype], err_msg=name)


def test_windows_in_the_padding_give_the_lowest_value_and_route_nothing():
    x = tied((1, 3, 3, 2), np.float32)
    attrs = dict(window=(2, 2), strides=(2, 2), dilations=(1, 1), padding=((2, 3), (0, 0)))
    y = _pooling.max_pool(x, **attrs)  # rows -2..-1, 0..1, 2..3 and 4..5: the first and last all padding
    assert np.all(y[:, 0] == -np.inf) and np.all(y[:, -1] == -np.inf)
    dx = _pooling.max_pool_grad(x, y, np.ones_like(y), **attrs)
    assert dx.sum() == np.isfinite(y).sum()  # one element per window that holds real input


def test_integer_max_pooling_is_compiled_and_matches():
    dtype = np.int32  # one integer type: each compiles on its first use
    x = RNG.integers(-9, 9, (2, 7, 6, 3)).astype(dtype)
    for padding in ("SAME", ((3, 3), (0, 0))):
        attrs = dict(window=(3, 2), strides=(2, 1), dilations=(1, 1), padding=padding)
        want = _pooling._xp_max_pool(x, Geometry(x.shape[1:-1], (3, 2), (2, 1), (1, 1), padding, "test"))
        got = _pooling.max_pool(x, **attrs)
        assert got.dtype == dtype
        np.testing.assert_array_equal(got, want)


def test_nan_maxima_propagate_and_route_nothing_as_in_the_oracle():
    x = tied((2, 6, 6, 3), np.float32)
    x[0, 1, 1, 0] = x[1, 4, 2, 2] = np.nan
    attrs = dict(window=(3, 3), strides=(1, 1), dilations=(1, 1), padding="SAME")
    geom = Geometry(x.shape[1:-1], (3, 3), (1, 1), (1, 1), "SAME", "test")
    y = _pooling.max_pool(x, **attrs)
    np.testing.assert_array_equal(y, _pooling._xp_max_pool(x, geom))
    dy = RNG.standard_normal(y.shape).astype(np.float32)
    np.testing.assert_allclose(_pooling.max_pool_grad(x, y, dy, **attrs), _pooling._xp_max_pool_grad(x, y, dy, geom),
                               rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(_pooling.max_pool_grad_grad(x, y, dy, **attrs),
                                  _pooling._xp_max_pool_grad_grad(x, y, dy, geom))


# ---------------------------------------------------------------------------------------------
# Through the public ops: layouts and the tape.

PUBLIC = {
    "max2d_nhwc": (lambda x: tf.nn.max_pool2d(x, 3, 2, "SAME"), (2, 9, 8, 3)),
    "max2d_nchw": (lambda x: tf.nn.max_pool2d(x, 3, 1, "VALID", data_format="NCHW"), (2, 3, 7, 6)),
    "max2d_explicit": (lambda x: tf.nn.max_pool2d(x, 2, 2, [[0, 0], [1, 1], [0, 1], [0, 0]]), (1, 7, 6, 2)),
    "avg2d_nhwc": (lambda x: tf.nn.avg_pool2d(x, 3, 1, "SAME"), (2, 7, 8, 3)),
    "avg2d_nchw": (lambda x: tf.nn.avg_pool2d(x, 2, 2, "VALID", data_format="NCHW"), (2, 3, 8, 7)),
    "max3d": (lambda x: tf.nn.max_pool3d(x, 2, 1, "SAME"), (2, 4, 5, 4, 2)),
    "max3d_ncdhw": (lambda x: tf.nn.max_pool3d(x, [2, 3, 2], 2, "VALID", data_format="NCDHW"), (1, 2, 5, 6, 4)),
    "avg3d": (lambda x: tf.nn.avg_pool3d(x, 3, 2, "SAME"), (2, 5, 4, 5, 2)),
    "max1d": (lambda x: tf.nn.max_pool1d(x, 3, 2, "SAME"), (2, 9, 3)),
    "dilated": (lambda x: tf.nn.pool(x, [2, 2], "MAX", padding="VALID", dilations=[2, 1]), (1, 7, 6, 2)),
}


def value_and_gradient(fn, x, weights):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
        loss = tf.reduce_sum(y * weights)
    return y.numpy(), tape.gradient(loss, x).numpy()


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_ops_and_gradients_match_the_oracle(name, monkeypatch):
    fn, shape = PUBLIC[name]
    x = tied(shape, np.float32)
    weights = RNG.standard_normal(fn(tf.constant(x)).shape).astype(np.float32)
    got = value_and_gradient(fn, x, weights)
    monkeypatch.setattr(_pooling, "_compiles", lambda *args, **kwargs: False)
    want = value_and_gradient(fn, x, weights)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(got[1], want[1], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["max2d_nhwc", "avg2d_nhwc", "max3d", "avg3d", "max1d"])
def test_second_order_gradients(name):
    fn, shape = PUBLIC[name]
    check_gradients(fn, [RNG.standard_normal(shape)], order=2)


# ---------------------------------------------------------------------------------------------
# Determinism.

def all_kernels(x, dy, h, attrs):
    y = _pooling.max_pool(x, **attrs)
    return (y, _pooling.max_pool_grad(x, y, dy, **attrs), _pooling.max_pool_grad_grad(x, y, h, **attrs),
            _pooling.avg_pool(x, **attrs), _pooling.avg_pool_grad(np.array(x.shape), dy, **attrs))


@pytest.mark.parametrize("case", [((5, 13, 11, 8), (3, 3), (1, 1), (1, 1), "SAME"),
                                  ((3, 12, 10, 8), (3, 2), (2, 1), (2, 1), "VALID"),
                                  ((3, 5, 8, 7, 4), (3, 3, 2), (1, 2, 1), (1, 1, 1), "SAME")],
                         ids=case_id)
def test_bit_identical_run_to_run_and_across_thread_counts(case, thread_count):
    x, _, h, _, attrs = arrays(case, np.float32)
    x += RNG.standard_normal(x.shape).astype(np.float32) * 1e-3  # near ties, and sums that round
    y = _pooling.max_pool(x, **attrs)
    dy = RNG.standard_normal(y.shape).astype(np.float32)
    runs = []
    for threads in (2, 2, 1):
        thread_count(threads)
        runs.append(all_kernels(x, dy, h, attrs))
    for run in runs[1:]:
        for got, want in zip(run, runs[0]):
            np.testing.assert_array_equal(got, want)
