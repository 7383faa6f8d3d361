"""The compiled depthwise kernels (``ops/kernels/depthwise.py``) against their NumPy oracle.

``_depthwise.depthwise*`` run the compiled kernels on NumPy float32/float64 arrays; the
``_xp_depthwise*`` functions beside them are the NumPy path (CuPy's and the oracle's). Shapes
are tiny and every case uses one compiled specialisation per dtype, so the file's cost is mostly
Numba compiling six kernels (once per cache).
"""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.ops import _depthwise
from tensorflux.ops._tiling import Geometry
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(11)
TOLERANCE = {np.float32: dict(rtol=1e-5, atol=1e-5), np.float64: dict(rtol=1e-12, atol=1e-12)}

# (x shape, window, M, stride, dilation, padding): borders, windows wider than the input, strides
# beyond the window, a multiplier, explicit pads wider than the window, an empty batch.
CASES = [
    ((2, 7, 6, 3), (3, 3), 1, 1, 1, "SAME"),
    ((1, 8, 9, 5), (3, 3), 1, 2, 1, "SAME"),
    ((1, 9, 8, 3), (3, 3), 2, 1, 2, "SAME"),
    ((2, 9, 7, 2), (3, 2), 2, 1, 2, "VALID"),
    ((1, 6, 8, 4), (2, 3), 2, 2, 2, "SAME"),
    ((3, 5, 5, 3), (3, 3), 1, 2, 1, [(1, 2), (0, 3)]),
    ((1, 7, 6, 2), (1, 1), 2, 3, 1, "VALID"),
    ((2, 2, 3, 3), (5, 4), 1, 1, 1, "SAME"),
    ((1, 4, 4, 2), (2, 2), 1, 1, 2, [(4, 0), (1, 5)]),
    ((0, 5, 5, 2), (3, 3), 2, 1, 1, "SAME"),
]


def case_id(case):
    shape, window, m, stride, dilation, padding = case
    pad = padding if isinstance(padding, str) else "explicit"
    return f"{'x'.join(map(str, shape))}-k{window[0]}{window[1]}-m{m}-s{stride}-d{dilation}-{pad}"


def arrays(case, dtype):
    shape, window, m, stride, dilation, padding = case
    x = RNG.standard_normal(shape).astype(dtype)
    w = RNG.standard_normal((*window, shape[-1], m)).astype(dtype)
    geom = Geometry(shape[1:-1], window, (stride, stride), (dilation, dilation), padding, "test")
    dy = RNG.standard_normal((shape[0], *geom.out_sizes, shape[-1] * m)).astype(dtype)
    attrs = dict(strides=(stride, stride), dilations=(dilation, dilation), padding=padding)
    return x, w, dy, geom, attrs


def compiled(x, w, dy, attrs):
    return (_depthwise.depthwise(x, w, **attrs),
            _depthwise.depthwise_backprop_input(x.shape, w, dy, **attrs),
            _depthwise.depthwise_backprop_filter(x, w.shape, dy, **attrs))


def oracle(x, w, dy, geom):
    return (_depthwise._xp_depthwise(x, w, geom),
            _depthwise._xp_depthwise_backprop_input(x.shape, w, dy, geom),
            _depthwise._xp_depthwise_backprop_filter(x, w.shape, dy, geom))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_compiled_kernels_match_the_numpy_oracle(case, dtype):
    x, w, dy, geom, attrs = arrays(case, dtype)
    for name, got, want in zip(("forward", "input gradient", "filter gradient"), compiled(x, w, dy, attrs),
                               oracle(x, w, dy, geom)):
        assert got.dtype == want.dtype == dtype, name
        assert got.shape == want.shape, name
        np.testing.assert_allclose(got, want, **TOLERANCE[dtype], err_msg=name)


def test_numpy_float_arrays_take_the_compiled_kernels(monkeypatch):
    x, w, dy, geom, attrs = arrays(CASES[0], np.float32)
    for name in ("_xp_depthwise", "_xp_depthwise_backprop_input", "_xp_depthwise_backprop_filter"):
        monkeypatch.setattr(_depthwise, name, lambda *args: pytest.fail("took the NumPy path"))
    compiled(x, w, dy, attrs)


def test_half_precision_runs_compiled_in_float32_and_comes_back_half():
    x, w, dy, geom, attrs = arrays(CASES[1], np.float32)
    half = [a.astype(np.float16) for a in (x, w, dy)]
    wide = [a.astype(np.float32) for a in half]
    for got, want in zip(compiled(*half, attrs), oracle(*wide, geom)):
        assert got.dtype == np.float16
        np.testing.assert_allclose(got.astype(np.float32), want.astype(np.float16).astype(np.float32), rtol=2e-3,
                                   atol=2e-3)


def test_non_contiguous_inputs_are_read_as_their_values():
    x, w, dy, geom, attrs = arrays(CASES[2], np.float64)
    strided = [np.asfortranarray(a) for a in (x, w, dy)]
    for got, want in zip(compiled(*strided, attrs), oracle(x, w, dy, geom)):
        np.testing.assert_allclose(got, want, **TOLERANCE[np.float64])


# ---------------------------------------------------------------------------------------------
# Determinism: the same bits run to run, and whatever the thread count (work is split by fixed
# rows and row blocks, never by thread).

def test_results_are_the_same_bits_run_to_run_and_across_thread_counts(thread_count):
    # 19 output rows per image: three filter-gradient blocks each, some rows per thread.
    for case in [((3, 19, 11, 8), (3, 3), 1, 1, 1, "SAME"), ((2, 19, 9, 3), (3, 3), 2, 2, 1, "SAME")]:
        x, w, dy, _, attrs = arrays(case, np.float32)
        thread_count(2)
        first = compiled(x, w, dy, attrs)
        again = compiled(x, w, dy, attrs)
        thread_count(1)
        single = compiled(x, w, dy, attrs)
        for a, b, c in zip(first, again, single):
            np.testing.assert_array_equal(a, b)
            np.testing.assert_allclose(a, c, rtol=1e-6, atol=1e-6)
            np.testing.assert_array_equal(a, c)  # stronger than required: the split is by fixed blocks


# ---------------------------------------------------------------------------------------------
# Through the public op: both layouts, and the gradients a tape takes.

def _to_nchw(a):
    return np.transpose(a, (0, 3, 1, 2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
@pytest.mark.parametrize("case", [CASES[1], CASES[3], CASES[4]], ids=case_id)
def test_public_op_and_its_tape_gradients_match_the_oracle(case, data_format, dtype):
    x, w, dy, geom, attrs = arrays(case, dtype)
    stride, dilation = attrs["strides"][0], attrs["dilations"][0]
    padding = attrs["padding"]
    if not isinstance(padding, str):
        padding = [[0, 0], *map(list, padding), [0, 0]]
        if data_format == "NCHW":
            padding = [padding[0], padding[3], padding[1], padding[2]]
    first = data_format == "NCHW"
    xt, wt = tf.constant(_to_nchw(x) if first else x), tf.constant(w)
    strides = [1, 1, stride, stride] if first else [1, stride, stride, 1]
    with tf.GradientTape() as tape:
        tape.watch([xt, wt])
        y = tf.nn.depthwise_conv2d(xt, wt, strides, padding, data_format=data_format,
                                   dilations=[dilation, dilation])
        loss = tf.reduce_sum(y * tf.constant(_to_nchw(dy) if first else dy))
    dx, dw = tape.gradient(loss, [xt, wt])
    want_y, want_dx, want_dw = oracle(x, w, dy, geom)
    tol = TOLERANCE[dtype]
    np.testing.assert_allclose(y.numpy(), _to_nchw(want_y) if first else want_y, **tol)
    np.testing.assert_allclose(dx.numpy(), _to_nchw(want_dx) if first else want_dx, **tol)
    np.testing.assert_allclose(dw.numpy(), want_dw, **tol)


@pytest.mark.parametrize("strides, dilations, padding, m", [
    ([1, 2, 2, 1], [1, 1], "SAME", 1),
    ([1, 1, 1, 1], [2, 1], [[0, 0], [1, 0], [2, 1], [0, 0]], 2),
])
def test_gradients_to_second_order(strides, dilations, padding, m):
    x, w = RNG.standard_normal((1, 5, 4, 2)), RNG.standard_normal((2, 3, 2, m))
    check_gradients(lambda x, w: tf.nn.depthwise_conv2d(x, w, strides, padding, dilations=dilations), [x, w],
                    order=2)
