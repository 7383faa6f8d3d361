"""Records real TensorFlow's convolution, pooling, LRN and resize results into ``tests/fixtures/conv/``.

Run it with the reference environment (it needs TensorFlow; the tests never do)::

    TF_CPP_MIN_LOG_LEVEL=3 ~/.tfref/bin/python tools/record_conv_fixtures.py

Each case names a ``tf.nn`` (or ``tf.image``) function, the shapes of its tensor arguments and
its other keyword arguments. The inputs are drawn from a fixed seed; the files keep the inputs,
TF's output, a random cotangent and TF's gradients of ``sum(output * cotangent)``, so
``tests/ops/test_conv_fixtures.py`` replays every case with tensorflux without TensorFlow:

- ``cases.json``: the TF version and, per case, the function, tensor shapes and keyword arguments.
- ``arrays.npz``: ``<case>/<argument>``, ``<case>/output``, ``<case>/cotangent``, ``<case>/grad/<argument>``.

TF's own CPU kernels refuse NCHW, so NCHW is checked in the tests against these NHWC results.
"""

from __future__ import annotations

import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # TF's reference CPU kernels, not oneDNN's

import numpy as np
import tensorflow as tf

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "conv"


def case(name, fn, tensors, integers=False, dtype="float32", **kwargs):
    """``tensors``: argument name -> shape; ``integers``: small whole numbers (ties for max pooling)."""
    return {"name": name, "fn": fn, "tensors": tensors, "kwargs": kwargs, "integers": integers, "dtype": dtype}


CASES = [
    # conv2d: TF's uneven SAME split (even sizes with kernel 3 stride 2, even kernels), strides, dilations,
    # explicit padding, groups
    case("conv2d_even6_k3_s2_same", "nn.conv2d", {"input": [2, 6, 6, 3], "filters": [3, 3, 3, 4]},
         strides=2, padding="SAME"),
    case("conv2d_even224_k3_s2_same", "nn.conv2d", {"input": [1, 224, 6, 2], "filters": [3, 3, 2, 3]},
         strides=2, padding="SAME"),
    case("conv2d_7_k4_s1_same", "nn.conv2d", {"input": [1, 7, 7, 2], "filters": [4, 4, 2, 3]},
         strides=1, padding="SAME"),
    case("conv2d_7_k4_s2_same", "nn.conv2d", {"input": [1, 7, 7, 2], "filters": [4, 4, 2, 3]},
         strides=2, padding="SAME"),
    case("conv2d_valid_s23", "nn.conv2d", {"input": [2, 7, 8, 3], "filters": [3, 2, 3, 2]},
         strides=[2, 3], padding="VALID"),
    case("conv2d_same_s3_k2", "nn.conv2d", {"input": [1, 8, 7, 2], "filters": [2, 2, 2, 2]},
         strides=3, padding="SAME"),
    case("conv2d_dilated_same", "nn.conv2d", {"input": [1, 9, 8, 2], "filters": [3, 3, 2, 3]},
         strides=1, padding="SAME", dilations=2),
    case("conv2d_dilated_valid_21", "nn.conv2d", {"input": [1, 9, 8, 2], "filters": [3, 2, 2, 3]},
         strides=1, padding="VALID", dilations=[2, 1]),
    case("conv2d_explicit", "nn.conv2d", {"input": [1, 5, 6, 2], "filters": [3, 3, 2, 2]},
         strides=[1, 2], padding=[[0, 0], [1, 2], [2, 0], [0, 0]]),
    case("conv2d_groups", "nn.conv2d", {"input": [1, 5, 5, 4], "filters": [3, 3, 2, 6]},
         strides=1, padding="SAME"),
    case("conv2d_wide_channels_same", "nn.conv2d", {"input": [2, 8, 7, 16], "filters": [3, 3, 16, 8]},
         strides=1, padding="SAME"),
    case("conv2d_wide_channels_valid_dilated", "nn.conv2d", {"input": [1, 9, 9, 16], "filters": [3, 3, 16, 4]},
         strides=1, padding="VALID", dilations=2),
    case("conv2d_float64", "nn.conv2d", {"input": [1, 6, 6, 2], "filters": [3, 3, 2, 2]}, dtype="float64",
         strides=2, padding="SAME"),
    case("conv1d_s2_same", "nn.conv1d", {"input": [2, 9, 3], "filters": [3, 3, 2]}, stride=2, padding="SAME"),
    case("conv1d_dilated_valid", "nn.conv1d", {"input": [1, 10, 2], "filters": [3, 2, 2]}, stride=1,
         padding="VALID", dilations=2),
    case("conv3d_same", "nn.conv3d", {"input": [1, 5, 6, 4, 2], "filters": [2, 3, 2, 2, 3]},
         strides=[1, 1, 2, 2, 1], padding="SAME"),
    case("conv3d_valid", "nn.conv3d", {"input": [1, 5, 4, 6, 2], "filters": [3, 3, 3, 2, 2]},
         strides=[1, 2, 1, 2, 1], padding="VALID"),
    case("convolution_1d_same", "nn.convolution", {"input": [1, 8, 2], "filters": [4, 2, 3]}, padding="SAME"),
    case("convolution_2d_dilated", "nn.convolution", {"input": [1, 9, 9, 2], "filters": [3, 3, 2, 2]},
         padding="SAME", dilations=2),
    # depthwise and separable
    case("depthwise_s2_same", "nn.depthwise_conv2d", {"input": [2, 6, 6, 3], "filter": [3, 3, 3, 2]},
         strides=[1, 2, 2, 1], padding="SAME"),
    case("depthwise_dilated_valid", "nn.depthwise_conv2d", {"input": [1, 9, 8, 2], "filter": [3, 3, 2, 1]},
         strides=[1, 1, 1, 1], padding="VALID", dilations=[2, 2]),
    case("depthwise_explicit", "nn.depthwise_conv2d", {"input": [1, 5, 5, 2], "filter": [3, 3, 2, 2]},
         strides=[1, 1, 1, 1], padding=[[0, 0], [1, 1], [2, 0], [0, 0]]),
    case("separable_same", "nn.separable_conv2d",
         {"input": [1, 7, 6, 3], "depthwise_filter": [3, 3, 3, 2], "pointwise_filter": [1, 1, 6, 4]},
         strides=[1, 2, 2, 1], padding="SAME"),
    # transposed convolutions
    case("conv2d_transpose_s2_same_6", "nn.conv2d_transpose", {"input": [1, 3, 3, 2], "filters": [3, 3, 4, 2]},
         output_shape=[1, 6, 6, 4], strides=2, padding="SAME"),
    case("conv2d_transpose_s2_same_7", "nn.conv2d_transpose", {"input": [1, 4, 4, 2], "filters": [3, 3, 3, 2]},
         output_shape=[1, 7, 7, 3], strides=2, padding="SAME"),
    case("conv2d_transpose_s2_valid", "nn.conv2d_transpose", {"input": [2, 3, 3, 2], "filters": [3, 3, 3, 2]},
         output_shape=[2, 7, 7, 3], strides=2, padding="VALID"),
    case("conv2d_transpose_s1_same_k4", "nn.conv2d_transpose", {"input": [1, 5, 5, 16], "filters": [4, 4, 2, 16]},
         output_shape=[1, 5, 5, 2], strides=1, padding="SAME"),
    case("conv2d_transpose_explicit", "nn.conv2d_transpose", {"input": [1, 3, 3, 2], "filters": [3, 3, 4, 2]},
         output_shape=[1, 6, 6, 4], strides=2, padding=[[0, 0], [1, 0], [1, 0], [0, 0]]),
    case("conv1d_transpose_s2", "nn.conv1d_transpose", {"input": [1, 4, 2], "filters": [3, 3, 2]},
         output_shape=[1, 8, 3], strides=2, padding="SAME"),
    case("conv3d_transpose_s2", "nn.conv3d_transpose", {"input": [1, 2, 3, 2, 2], "filters": [2, 3, 2, 3, 2]},
         output_shape=[1, 4, 6, 4, 3], strides=2, padding="SAME"),
    # pooling
    case("max_pool2d_even6_k3_s2_same", "nn.max_pool2d", {"input": [2, 6, 6, 3]}, ksize=3, strides=2,
         padding="SAME"),
    case("max_pool2d_even224_k3_s2_same", "nn.max_pool2d", {"input": [1, 224, 6, 2]}, ksize=3, strides=2,
         padding="SAME"),
    case("max_pool2d_7_k4_s1_same", "nn.max_pool2d", {"input": [1, 7, 7, 2]}, ksize=4, strides=1, padding="SAME"),
    case("max_pool2d_k2_s2_valid_odd", "nn.max_pool2d", {"input": [2, 7, 9, 3]}, ksize=2, strides=2,
         padding="VALID"),
    case("max_pool2d_ties", "nn.max_pool2d", {"input": [2, 6, 6, 2]}, integers=True, ksize=3, strides=2,
         padding="SAME"),
    case("max_pool2d_ties_overlap_valid", "nn.max_pool2d", {"input": [1, 7, 7, 2]}, integers=True, ksize=3,
         strides=1, padding="VALID"),
    case("max_pool2d_explicit", "nn.max_pool2d", {"input": [1, 5, 6, 2]}, ksize=3, strides=[2, 1],
         padding=[[0, 0], [2, 1], [1, 0], [0, 0]]),
    case("avg_pool2d_even6_k3_s2_same", "nn.avg_pool2d", {"input": [2, 6, 6, 3]}, ksize=3, strides=2,
         padding="SAME"),
    case("avg_pool2d_even224_k3_s2_same", "nn.avg_pool2d", {"input": [1, 224, 6, 2]}, ksize=3, strides=2,
         padding="SAME"),
    case("avg_pool2d_7_k4_s1_same", "nn.avg_pool2d", {"input": [1, 7, 7, 2]}, ksize=4, strides=1, padding="SAME"),
    case("avg_pool2d_k3_s2_valid", "nn.avg_pool2d", {"input": [2, 7, 8, 3]}, ksize=[3, 2], strides=2,
         padding="VALID"),
    case("max_pool1d_same", "nn.max_pool1d", {"input": [2, 9, 3]}, ksize=3, strides=2, padding="SAME"),
    case("avg_pool1d_same", "nn.avg_pool1d", {"input": [2, 9, 3]}, ksize=4, strides=2, padding="SAME"),
    case("max_pool3d_same", "nn.max_pool3d", {"input": [1, 5, 4, 6, 2]}, ksize=2, strides=2, padding="SAME"),
    case("avg_pool3d_valid", "nn.avg_pool3d", {"input": [1, 5, 4, 6, 2]}, ksize=3, strides=[1, 1, 2, 1, 1],
         padding="VALID"),
    case("pool_max_dilated", "nn.pool", {"input": [1, 9, 8, 2]}, window_shape=[2, 3], pooling_type="MAX",
         padding="VALID", dilations=[2, 2]),
    case("pool_avg_same_strided", "nn.pool", {"input": [1, 7, 8, 2]}, window_shape=[3, 3], pooling_type="AVG",
         strides=[2, 2], padding="SAME"),
    # local response normalisation
    case("lrn_defaults", "nn.local_response_normalization", {"input": [2, 3, 3, 7]}),
    case("lrn_radius2", "nn.local_response_normalization", {"input": [1, 2, 3, 9]}, depth_radius=2, bias=1.5,
         alpha=0.3, beta=0.75),
    # resize
    case("resize_bilinear_up", "image.resize", {"images": [2, 3, 4, 2]}, size=[7, 9], method="bilinear"),
    case("resize_bilinear_down", "image.resize", {"images": [1, 8, 9, 2]}, size=[3, 4], method="bilinear"),
    case("resize_bilinear_x2", "image.resize", {"images": [1, 5, 4, 3]}, size=[10, 8]),
    case("resize_nearest_up", "image.resize", {"images": [2, 3, 4, 2]}, size=[7, 9], method="nearest"),
    case("resize_nearest_down", "image.resize", {"images": [1, 8, 9, 2]}, size=[3, 5], method="nearest"),
    case("resize_nearest_uint8", "image.resize", {"images": [1, 4, 5, 1]}, dtype="uint8", size=[9, 3],
         method="nearest"),
    case("resize_rank3_aspect", "image.resize", {"images": [4, 6, 2]}, size=[9, 9], preserve_aspect_ratio=True),
]


def _function(path):
    module, name = path.split(".")
    return getattr(getattr(tf, module), name)


def _inputs(spec, rng):
    arrays = {}
    for arg, shape in spec["tensors"].items():
        if spec["dtype"] == "uint8":
            arrays[arg] = rng.integers(0, 256, size=shape).astype(np.uint8)
        elif spec["integers"]:
            arrays[arg] = rng.integers(0, 3, size=shape).astype(spec["dtype"])
        else:
            arrays[arg] = rng.standard_normal(shape).astype(spec["dtype"])
    return arrays


def record(spec, rng, arrays_out):
    fn = _function(spec["fn"])
    arrays = _inputs(spec, rng)
    tensors = {k: tf.constant(v) for k, v in arrays.items()}
    differentiable = spec["dtype"].startswith("float")
    with tf.GradientTape() as tape:
        for t in tensors.values():
            tape.watch(t)
        output = fn(**tensors, **spec["kwargs"])
        cotangent = rng.standard_normal(output.shape).astype(output.dtype.as_numpy_dtype) if differentiable else None
        loss = tf.reduce_sum(output * cotangent) if differentiable else None
    name = spec["name"]
    for arg, value in arrays.items():
        arrays_out[f"{name}/{arg}"] = value
    arrays_out[f"{name}/output"] = output.numpy()
    if differentiable:
        arrays_out[f"{name}/cotangent"] = cotangent
        try:
            grads = tape.gradient(loss, list(tensors.values()))
        except tf.errors.InvalidArgumentError as e:  # TF's CPU kernels lack some dilated gradients
            spec["no_gradient"] = e.message.split("}}")[-1].strip()
            return
        for arg, grad in zip(tensors, grads):
            arrays_out[f"{name}/grad/{arg}"] = grad.numpy()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240521)
    arrays = {}
    for spec in CASES:
        record(spec, rng, arrays)
    np.savez_compressed(OUT / "arrays.npz", **arrays)
    meta = {"tf_version": tf.__version__, "recorded_by": "tools/record_conv_fixtures.py",
            "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS"), "cases": CASES}
    (OUT / "cases.json").write_text(json.dumps(meta, indent=1) + "\n")
    size = (OUT / "arrays.npz").stat().st_size
    print(f"{len(CASES)} cases, TF {tf.__version__}: {OUT} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
