"""The compiled convolution path (``_im2col._Plan``, ``_winograd`` and their kernels in
``ops/kernels/im2col.py`` and ``ops/kernels/winograd.py``) against its NumPy oracle.

The packers and col2im only copy and add, so for one chunk they equal the oracle (``_im2col.columns``,
``_tiling.add_windows``) bit for bit; Winograd's transforms equal their matrices to rounding.
Whole ops compare the compiled path with ``FAST = False`` (the NumPy path) to rounding: their
chunks differ, and so does the order of a sum's terms. Winograd only takes 32 channels and
more, so its tests lower those thresholds. Shapes are tiny; every geometry shares one compiled
specialisation per dtype, so the file's cost is mostly Numba compiling six kernels (once per cache).
"""

import itertools
import math
import time

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.ops import _im2col, _tiling, _winograd
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(5)
TOLERANCE = {np.float32: {"rtol": 1e-4, "atol": 1e-4}, np.float64: {"rtol": 1e-11, "atol": 1e-11}}

# (x shape, window, strides, dilations, padding, groups): borders, strides beyond the window,
# dilations, explicit pads wider than the window, windows wider than the input, few channels
# (tap-major columns), groups, 1x1 windows (no columns at all when stride 1), rank 1, 2 and 3.
CASES = [
    ((2, 7, 6, 5), (3, 3), (1, 1), (1, 1), "SAME", 1),
    ((2, 7, 6, 3), (3, 2), (2, 1), (1, 2), "SAME", 1),
    ((1, 8, 9, 2), (3, 3), (2, 3), (1, 1), "VALID", 1),
    ((3, 5, 6, 6), (2, 3), (1, 2), (2, 1), [(1, 2), (0, 3)], 1),
    ((1, 4, 4, 6), (2, 2), (1, 1), (2, 1), [(4, 0), (1, 5)], 1),
    ((2, 2, 3, 5), (5, 4), (1, 1), (1, 1), "SAME", 1),
    ((2, 6, 5, 6), (3, 3), (1, 1), (1, 1), "SAME", 3),
    ((2, 5, 7, 6), (1, 1), (1, 1), (1, 1), "VALID", 1),
    ((2, 5, 7, 6), (1, 1), (2, 1), (1, 1), "SAME", 1),
    ((2, 9, 6), (3,), (2,), (1,), "SAME", 1),
    ((2, 4, 5, 6, 5), (2, 3, 2), (1, 2, 1), (2, 1, 1), "SAME", 1),
    ((1, 5, 4, 6, 2), (3, 2, 3), (2, 1, 2), (1, 1, 2), "VALID", 1),
    ((0, 5, 5, 2), (3, 3), (1, 1), (1, 1), "SAME", 1),
]


def case_id(case):
    shape, window, strides, dilations, padding, groups = case
    pad = padding if isinstance(padding, str) else "explicit"
    return (f"{'x'.join(map(str, shape))}-k{''.join(map(str, window))}-s{''.join(map(str, strides))}"
            f"-d{''.join(map(str, dilations))}-{pad}-g{groups}")


def arrays(case, dtype):
    shape, window, strides, dilations, padding, groups = case
    c = shape[-1]
    x = RNG.standard_normal(shape).astype(dtype)
    w = RNG.standard_normal((*window, c // groups, 2 * groups)).astype(dtype)
    geom = _tiling.Geometry(shape[1:-1], window, strides, dilations, padding, "test")
    dy = RNG.standard_normal((shape[0], *geom.out_sizes, w.shape[-1])).astype(dtype)
    return x, w, dy, geom, {"strides": strides, "dilations": dilations, "padding": padding}


def kernels(x, w, dy, attrs):
    return (_im2col.conv(x, w, **attrs), _im2col.conv_backprop_input(x.shape, w, dy, **attrs),
            _im2col.conv_backprop_filter(x, w.shape, dy, **attrs))


def flat_run(box, dims):
    """``(start, stop)``: the box's output positions as a run of flat indices."""
    start = 0
    for (lo, _), d in zip(box, dims):
        start = start * d + lo
    return start, start + math.prod(_tiling.box_shape(box))


# ---------------------------------------------------------------------------------------------
# The kernels, chunk by chunk: exact.

def oracle_boxes(geom, n, c):
    """The NumPy path's chunks, small enough that a case has several (runs across rows and images)."""
    return list(_tiling.chunks(n, geom.out_sizes, geom.window_size * c * 8, target=geom.window_size * c * 8 * 7))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", [c for c in CASES if c[0][0]], ids=case_id)
def test_packers_equal_the_strided_copy(case, dtype):
    x, _, _, geom, _ = arrays(case, dtype)
    plan = _im2col._Plan(geom, x.shape, case[-1], x.dtype)
    for tap_major in (False, True):
        plan.pointwise, plan.tap_major = False, tap_major
        for box in oracle_boxes(geom, x.shape[0], x.shape[-1]):
            start, stop = flat_run(box, (x.shape[0], *geom.out_sizes))
            want = _im2col.columns(np.empty((stop - start) * plan.kc, dtype), x, geom, box, tap_major)
            got = plan._columns(x, np.full((stop - start) * plan.kc, np.nan, dtype), start, stop)
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", [c for c in CASES if c[0][0]], ids=case_id)
def test_col2im_equals_add_windows(case, dtype):
    x, _, _, geom, _ = arrays(case, dtype)
    plan = _im2col._Plan(geom, x.shape, 1, x.dtype)
    k, c = geom.window_size, x.shape[-1]
    for box in oracle_boxes(geom, x.shape[0], c):
        start, stop = flat_run(box, (x.shape[0], *geom.out_sizes))
        cols = RNG.standard_normal((stop - start, k * c)).astype(dtype)
        want = np.zeros_like(x)
        per_tap = cols.reshape(stop - start, k, c).transpose(1, 0, 2)
        _tiling.add_windows(want, per_tap.reshape(k, *_tiling.box_shape(box), c), geom, box)
        got = np.zeros_like(x)
        _im2col._compiled.add_positions(got.reshape(plan.shape_3d), cols, start, plan.geo)
        np.testing.assert_array_equal(got, want)


def runs(total):
    """Runs of flat output positions that start and stop anywhere: mid-row, across rows and images."""
    cuts = sorted({0, total, *RNG.integers(0, total, 4).tolist()})
    return [*itertools.pairwise(cuts), (0, total)]


@pytest.mark.parametrize("case", [c for c in CASES if c[0][0]], ids=case_id)
def test_kernels_take_runs_that_start_anywhere(case):
    x, _, _, geom, _ = arrays(case, np.float64)
    n = x.shape[0]
    total = n * math.prod(geom.out_sizes)
    plan = _im2col._Plan(geom, x.shape, 1, x.dtype)
    whole = [(0, n)] + [(0, size) for size in geom.out_sizes]
    full = _im2col.columns(np.empty(total * plan.kc), x, geom, whole, False)
    # which element of x each column entry reads (0: padding), to check col2im with exact sums
    reads = _im2col.columns(np.empty(total * plan.kc), np.arange(1, x.size + 1.0).reshape(x.shape), geom, whole, False)
    for start, stop in runs(total):
        for tap_major in (False, True):
            plan.pointwise, plan.tap_major = False, tap_major
            got = plan._columns(x, np.full((stop - start) * plan.kc, np.nan), start, stop)
            np.testing.assert_array_equal(got, full[start:stop])
        cols = RNG.integers(-9, 9, (stop - start, plan.kc)).astype(np.float64)  # integers: sums exact in any order
        want = np.bincount(reads[start:stop].astype(np.int64).ravel(), cols.ravel(), x.size + 1)[1:]
        got = np.zeros_like(x)
        _im2col._compiled.add_positions(got.reshape(plan.shape_3d), cols, start, plan.geo)
        np.testing.assert_array_equal(got.ravel(), want)


# ---------------------------------------------------------------------------------------------
# Whole kernels: the compiled path against the NumPy one, with chunks cut small and large.

@pytest.mark.parametrize("chunk_bytes", [256, 1 << 20])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_compiled_path_matches_numpy_path(monkeypatch, case, dtype, chunk_bytes):
    x, w, dy, _, attrs = arrays(case, dtype)
    monkeypatch.setattr(_im2col, "COMPILED_CHUNK_BYTES", chunk_bytes)
    got = kernels(x, w, dy, attrs)
    monkeypatch.setattr(_im2col, "FAST", False)
    want = kernels(x, w, dy, attrs)
    for g, e in zip(got, want):
        assert g.dtype == e.dtype and g.shape == e.shape
        np.testing.assert_allclose(g, e, **TOLERANCE[dtype])


def test_integers_take_the_numpy_path(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the compiled path ran")

    x, w = RNG.integers(-3, 3, (1, 4, 4, 2)).astype(np.int32), RNG.integers(-3, 3, (3, 3, 2, 2)).astype(np.int32)
    attrs = {"strides": (1, 1), "dilations": (1, 1), "padding": "SAME"}
    want = _im2col.conv(x.astype(np.float64), w.astype(np.float64), **attrs)
    monkeypatch.setattr(_im2col, "_Plan", refuse)
    y = _im2col.conv(x, w, **attrs)
    assert y.dtype == np.int32
    np.testing.assert_array_equal(y, want)


# ---------------------------------------------------------------------------------------------
# Winograd F(2x2, 3x3): the transforms against their matrices, whole kernels against the NumPy path.

BT = np.array([[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]], np.float64)
AT = np.array([[1, 1, 1, 0], [0, 1, -1, -1]], np.float64)


def test_winograd_transforms_equal_their_matrices():
    # (y from transform_output also serves as the output gradient dy of transform_gradient)
    x = RNG.standard_normal((2, 5, 7, 3))
    tiles_h, tiles_w, ph, pw = 3, 4, 1, 2
    padded = np.pad(x, ((0, 0), (ph, 4), (pw, 4), (0, 0)))  # tile (th, tw) reads rows 2 th - ph ...
    start, count = 5, 11  # a run across tile rows and images
    v = np.full((16, count, 3), np.nan)
    _winograd._kernels.transform_input(x, v, start, tiles_h, tiles_w, ph, pw)
    m = RNG.standard_normal((16, count, 4))
    y = np.full((2, 5, 7, 4), np.nan)
    _winograd._kernels.transform_output(m, y, start, tiles_h, tiles_w)
    g = np.full((16, count, 4), np.nan)
    _winograd._kernels.transform_gradient(y, g, start, tiles_h, tiles_w)
    for t in range(count):
        n, th, tw = np.unravel_index(start + t, (2, tiles_h, tiles_w))
        d = padded[n, 2 * th:2 * th + 4, 2 * tw:2 * tw + 4]
        np.testing.assert_allclose(v[:, t].reshape(4, 4, 3), np.einsum("ai,ijc,bj->abc", BT, d, BT), rtol=1e-13,
                                   atol=1e-13)
        want = np.einsum("ai,ijc,bj->abc", AT, m[:, t].reshape(4, 4, 4), AT)[:5 - 2 * th, :7 - 2 * tw]
        np.testing.assert_allclose(y[n, 2 * th:2 * th + 2, 2 * tw:2 * tw + 2], want, rtol=1e-13, atol=1e-13)
        # the gradient's transform, the adjoint of the output's: A dY A^T, no gradient beyond the output
        dy = np.pad(y, ((0, 0), (0, 1), (0, 1), (0, 0)))[n, 2 * th:2 * th + 2, 2 * tw:2 * tw + 2]
        np.testing.assert_allclose(g[:, t].reshape(4, 4, 4), np.einsum("ia,abc,jb->ijc", AT.T, dy, AT.T),
                                   rtol=1e-13, atol=1e-13)


WINOGRAD_CASES = [
    ((2, 7, 8, 5), "SAME"), ((2, 8, 6, 3), "VALID"), ((1, 5, 6, 3), [(1, 2), (0, 3)]),
    ((1, 5, 6, 3), [(4, 0), (3, 3)]), ((2, 2, 3, 2), "SAME"), ((1, 1, 1, 2), "SAME"),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,padding", WINOGRAD_CASES)
def test_winograd_matches_numpy_path(monkeypatch, shape, padding, dtype):
    monkeypatch.setattr(_winograd, "IN_CHANNELS", 1)
    monkeypatch.setattr(_winograd, "OUT_CHANNELS", 1)
    monkeypatch.setattr(_winograd, "TILES", 3)
    monkeypatch.setattr(_winograd, "FILTER_TILES", 2)
    case = (shape, (3, 3), (1, 1), (1, 1), padding, 1)
    x, w, dy, _, attrs = arrays(case, dtype)
    calls = []
    monkeypatch.setattr(_winograd, "convolve", lambda *a, f=_winograd.convolve: calls.append(1) or f(*a))
    monkeypatch.setattr(_winograd, "filter_gradient",
                        lambda *a, f=_winograd.filter_gradient: calls.append(2) or f(*a))
    got = kernels(x, w, dy, attrs)
    assert calls == [1, 1, 2]  # the forward, the input gradient, the filter gradient
    monkeypatch.setattr(_im2col, "FAST", False)
    for g, e in zip(got, kernels(x, w, dy, attrs)):
        np.testing.assert_allclose(g, e, **TOLERANCE[dtype])


# ---------------------------------------------------------------------------------------------
# Threads: the same bits run to run, and whatever the thread count.

@pytest.mark.parametrize("winograd", [False, True])
def test_results_do_not_depend_on_runs_or_thread_count(monkeypatch, thread_count, winograd):
    monkeypatch.setattr(_im2col, "COMPILED_CHUNK_BYTES", 4096)
    monkeypatch.setattr(_winograd, "TILES", 5)
    monkeypatch.setattr(_winograd, "FILTER_TILES", 2)
    monkeypatch.setattr(_winograd, "IN_CHANNELS", 1 if winograd else 10**9)
    monkeypatch.setattr(_winograd, "OUT_CHANNELS", 1)
    x, w, dy, _, attrs = arrays(((3, 9, 8, 6), (3, 3), (1, 1), (1, 1), "SAME", 1), np.float32)
    thread_count(2)
    first, again = kernels(x, w, dy, attrs), kernels(x, w, dy, attrs)
    thread_count(1)
    single = kernels(x, w, dy, attrs)
    for a, b, c in zip(first, again, single):
        np.testing.assert_array_equal(a, b)
        # chunks depend on the shape only, and BLAS runs single-threaded in each: the same bits
        np.testing.assert_array_equal(a, c)


def test_an_error_stops_the_threads_and_reaches_the_caller_once_they_have_stopped(thread_count):
    thread_count(2)
    started, finished = [], []

    def work(i, buffer):
        started.append(i)
        if i == 1:
            raise ValueError("chunk 1")
        time.sleep(0.01)
        finished.append(i)

    with pytest.raises(ValueError, match="chunk 1"):
        _tiling.run_on_threads(50, work)
    assert sorted(finished) == sorted(set(started) - {1})  # nothing still running
    assert len(started) < 50  # the others stopped early


# ---------------------------------------------------------------------------------------------
# The public ops, compiled against the NumPy path; gradients by tape, to second order.

def public_ops():
    x4, w4 = RNG.standard_normal((2, 6, 5, 3)), RNG.standard_normal((3, 2, 3, 4))
    x5, w5 = RNG.standard_normal((1, 4, 5, 3, 2)), RNG.standard_normal((2, 3, 2, 2, 3))
    xt, wt = RNG.standard_normal((2, 3, 3, 4)), RNG.standard_normal((3, 3, 2, 4))
    return {
        "conv2d_nhwc": (lambda x, w: tf.nn.conv2d(x, w, [1, 2], "SAME", dilations=1), x4, w4),
        "conv2d_nchw": (lambda x, w: tf.nn.conv2d(x, w, 1, [[0, 0], [0, 0], [1, 2], [0, 1]], data_format="NCHW"),
                        x4.transpose(0, 3, 1, 2), w4),
        "conv3d": (lambda x, w: tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], "SAME"), x5, w5),
        "conv1d": (lambda x, w: tf.nn.conv1d(x, w, 2, "SAME"), x4[:, 0], w4[0]),
        "conv2d_winograd": (lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"), x4, RNG.standard_normal((3, 3, 3, 4))),
        "conv2d_transpose": (lambda x, w: tf.nn.conv2d_transpose(x, w, [2, 6, 6, 2], 2, "SAME"), xt, wt),
    }


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(public_ops()))
def test_public_ops_and_their_gradients_match_the_numpy_path(monkeypatch, name, dtype):
    monkeypatch.setattr(_winograd, "IN_CHANNELS", 1)  # what Winograd can take, it takes
    monkeypatch.setattr(_winograd, "OUT_CHANNELS", 1)
    fn, x, w = public_ops()[name]
    x, w = tf.constant(x.astype(dtype)), tf.constant(w.astype(dtype))

    def values():
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            y = fn(x, w)
            loss = tf.reduce_sum(y * y)
        return [y.numpy(), *(g.numpy() for g in tape.gradient(loss, [x, w]))]

    got = values()
    monkeypatch.setattr(_im2col, "FAST", False)
    for g, e in zip(got, values()):
        np.testing.assert_allclose(g, e, **TOLERANCE[dtype])


@pytest.mark.parametrize("strides", [(2, 1), (1, 1)])  # im2col, Winograd
def test_conv_gradients_to_second_order_on_the_compiled_path(monkeypatch, strides):
    monkeypatch.setattr(_winograd, "IN_CHANNELS", 1)
    monkeypatch.setattr(_winograd, "OUT_CHANNELS", 1)
    check_gradients(lambda x, w: tf.nn.conv2d(x, w, strides, "SAME"),
                    [RNG.standard_normal((2, 5, 4, 3)), RNG.standard_normal((3, 3, 3, 2))], order=2)
