"""Convolution, pooling, LRN and resize against values recorded from real TensorFlow.

``tools/record_conv_fixtures.py`` (run with TensorFlow) wrote ``tests/fixtures/conv/``: per case
the inputs, TF's output, a cotangent and TF's gradients of ``sum(output * cotangent)``. Each case
is replayed here with tensorflux, in NHWC and again in NCHW (which TF's CPU kernels refuse, so
the NCHW result is checked against TF's NHWC result transposed).
"""

import json
import pathlib

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.ops import conv, normalization, pool, resize

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "conv"
META = json.loads((FIXTURES / "cases.json").read_text())
ARRAYS = np.load(FIXTURES / "arrays.npz")
CASES = {c["name"]: c for c in META["cases"]}

FUNCTIONS = {
    "nn.conv2d": conv.conv2d, "nn.conv1d": conv.conv1d, "nn.conv3d": conv.conv3d, "nn.convolution": conv.convolution,
    "nn.depthwise_conv2d": conv.depthwise_conv2d, "nn.separable_conv2d": conv.separable_conv2d,
    "nn.conv2d_transpose": conv.conv2d_transpose, "nn.conv1d_transpose": conv.conv1d_transpose,
    "nn.conv3d_transpose": conv.conv3d_transpose, "nn.max_pool2d": pool.max_pool2d, "nn.avg_pool2d": pool.avg_pool2d,
    "nn.max_pool1d": pool.max_pool1d, "nn.avg_pool1d": pool.avg_pool1d, "nn.max_pool3d": pool.max_pool3d,
    "nn.avg_pool3d": pool.avg_pool3d, "nn.pool": pool.pool,
    "nn.local_response_normalization": normalization.local_response_normalization, "image.resize": resize.resize,
}
TOLERANCE = {"float32": {"rtol": 2e-5, "atol": 2e-5}, "float64": {"rtol": 1e-12, "atol": 1e-12},
             "uint8": {"rtol": 0, "atol": 0}}


def _arrays(case):
    return {arg: ARRAYS[f"{case['name']}/{arg}"] for arg in case["tensors"]}


def _run(case, tensors):
    return FUNCTIONS[case["fn"]](**tensors, **case["kwargs"])


def test_fixtures_record_the_tensorflow_version():
    assert META["tf_version"].startswith("2.")
    assert len(CASES) >= 50


@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_matches_tensorflow(name):
    case = CASES[name]
    out = _run(case, {k: tf.constant(v) for k, v in _arrays(case).items()})
    expected = ARRAYS[f"{name}/output"]
    assert out.dtype.as_numpy_dtype == expected.dtype
    assert tuple(out.shape) == expected.shape
    np.testing.assert_allclose(out.numpy(), expected, **TOLERANCE[case["dtype"]])


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if f"{n}/cotangent" in ARRAYS
                                        and "no_gradient" not in c))
def test_gradients_match_tensorflow(name):
    case = CASES[name]
    tensors = {k: tf.constant(v) for k, v in _arrays(case).items()}
    with tf.GradientTape() as tape:
        for t in tensors.values():
            tape.watch(t)
        loss = tf.reduce_sum(_run(case, tensors) * ARRAYS[f"{name}/cotangent"])
    grads = tape.gradient(loss, list(tensors.values()))
    for arg, grad in zip(tensors, grads):
        np.testing.assert_allclose(grad.numpy(), ARRAYS[f"{name}/grad/{arg}"], **TOLERANCE[case["dtype"]],
                                   err_msg=f"gradient of {arg}")


CHANNELS_FIRST = {"NHWC": "NCHW", "NWC": "NCW", "NDHWC": "NCDHW"}
DEFAULT_FORMAT = {1: "NWC", 2: "NHWC", 3: "NDHWC"}


def _to_first(a):
    return np.moveaxis(a, -1, 1)


def _nchw_kwargs(case, rank):
    kwargs = dict(case["kwargs"])
    kwargs["data_format"] = CHANNELS_FIRST[DEFAULT_FORMAT[rank]]
    for key in ("strides", "ksize", "dilations"):
        if isinstance(kwargs.get(key), list) and len(kwargs[key]) == rank + 2:
            kwargs[key] = [kwargs[key][0], kwargs[key][-1], *kwargs[key][1:-1]]
    if isinstance(kwargs.get("padding"), list):
        pads = kwargs["padding"]
        kwargs["padding"] = [pads[0], pads[-1], *pads[1:-1]]
    if "output_shape" in kwargs:
        shape = kwargs["output_shape"]
        kwargs["output_shape"] = [shape[0], shape[-1], *shape[1:-1]]
    return kwargs


NCHW_CASES = sorted(n for n, c in CASES.items() if c["fn"].startswith("nn.") and "lrn" not in n
                    and "local_response" not in c["fn"] and c["fn"] != "nn.pool")


@pytest.mark.parametrize("name", NCHW_CASES)
def test_channels_first_matches_tensorflow_channels_last(name):
    case = CASES[name]
    arrays = _arrays(case)
    image = "input"
    rank = arrays[image].ndim - 2
    tensors = {k: tf.constant(_to_first(v) if k == image else v) for k, v in arrays.items()}
    out = FUNCTIONS[case["fn"]](**tensors, **_nchw_kwargs(case, rank))
    np.testing.assert_allclose(out.numpy(), _to_first(ARRAYS[f"{name}/output"]), **TOLERANCE[case["dtype"]])


def test_even_same_split_puts_the_extra_padding_after():
    # TF pads total // 2 before: for input 6, kernel 3, stride 2 the total is 1, all of it after.
    x = np.arange(36, dtype=np.float32).reshape(1, 6, 6, 1)
    w = np.zeros((3, 3, 1, 1), np.float32)
    w[0, 0] = 1  # picks the top-left element of each window
    out = tf.nn.conv2d(x, w, 2, "SAME").numpy()[0, :, :, 0]
    np.testing.assert_array_equal(out, x[0, ::2, ::2, 0])
