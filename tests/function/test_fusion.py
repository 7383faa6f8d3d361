"""The convnet epilogue pass: bias, inference batch norm and ReLU/ReLU6 after a convolution, in one step."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.framework import passes
from tensorflux.ops import fusion
from tensorflux.framework.function import FuncGraph
from tensorflux.ops.fusion import AffineClampStep, ConvEpilogueStep


def _plans(fn, *shapes, dtype=tf.float32):
    """The plan of ``fn`` without passes, and with all of them (the registered fusion included)."""
    graph = FuncGraph("g")
    with graph.as_default():
        inputs = [graph.placeholder(s, dtype, name=f"x{i}") for i, s in enumerate(shapes)]
        outputs = fn(*inputs)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return (passes.compile_graph(graph, inputs, outputs, passes=()),
            passes.compile_graph(graph, inputs, outputs))


def _fused(plan, kind=AffineClampStep):
    return [[s.prim.name for s in step.steps] for step in plan.steps if isinstance(step, kind)]


def _batch_norm_relu6(x, scale, offset):
    mean, variance = tf.reduce_mean(scale), tf.reduce_mean(offset * offset) + 1.0
    return tf.nn.relu6(tf.nn.batch_normalization(x, mean, variance, offset, scale, 1e-3))


BIG = (16, 32, 32, 16)  # above MIN_ELEMENTS: the compiled path runs


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_batch_norm_and_relu6_become_one_step_with_numpys_bits(dtype):
    raw, fused = _plans(_batch_norm_relu6, BIG, (16,), (16,), dtype=tf.as_dtype(dtype))
    assert _fused(fused) == [["Mul", "AddV2", "Relu6"]]
    rng = np.random.default_rng(0)
    args = [rng.normal(0, 4, BIG).astype(dtype), rng.random(16).astype(dtype), rng.normal(size=16).astype(dtype)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])  # same roundings: equal bits


def test_conv_bias_relu_fuses_and_matches():
    def layer(x, w, b):
        return tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w, 1, "SAME"), b))

    raw, fused = _plans(layer, (4, 32, 32, 3), (3, 3, 3, 32), (32,))
    assert _fused(fused, ConvEpilogueStep) == [["Conv2D", "AddV2", "Relu"]]
    rng = np.random.default_rng(1)
    args = [rng.normal(size=(4, 32, 32, 3)).astype(np.float32), rng.normal(size=(3, 3, 3, 32)).astype(np.float32),
            rng.normal(size=32).astype(np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])


def test_a_shift_by_subtraction_and_a_scalar_scale_fuse_too():
    raw, fused = _plans(lambda x, v: tf.nn.relu((x * 0.5) - v), BIG, (16,))
    assert _fused(fused) == [["Mul", "Sub", "Relu"]]
    args = [np.linspace(-5, 5, np.prod(BIG), dtype=np.float32).reshape(BIG), np.arange(16, dtype=np.float32) / 8]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])


def test_nan_stays_nan_as_in_numpy():
    raw, fused = _plans(lambda x, v: tf.nn.relu6(x + v), BIG, (16,))
    x = np.zeros(BIG, np.float32)
    x[0, 0, 0, :3] = [np.nan, -np.inf, np.inf]
    out = fused.run([x, np.zeros(16, np.float32)])[0]
    np.testing.assert_array_equal(out, raw.run([x, np.zeros(16, np.float32)])[0])
    assert np.isnan(out[0, 0, 0, 0]) and out[0, 0, 0, 1] == 0 and out[0, 0, 0, 2] == 6


def test_operands_that_are_not_channel_vectors_run_the_original_steps():
    # a full-size second tensor (a residual add), a vector along another axis, and a small tensor
    raw, fused = _plans(lambda x, r: tf.nn.relu(x + r), BIG, BIG)
    assert _fused(fused) == [["AddV2", "Relu"]]
    rng = np.random.default_rng(2)
    args = [rng.normal(size=BIG).astype(np.float32), rng.normal(size=BIG).astype(np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])
    raw, fused = _plans(lambda x, v: tf.nn.relu(x * v), (8, 32, 16, 32), (8, 1, 1, 1))
    args = [rng.normal(size=(8, 32, 16, 32)).astype(np.float32), rng.normal(size=(8, 1, 1, 1)).astype(np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])
    raw, fused = _plans(lambda x, v: tf.nn.relu(x * v), (2, 3), (3,))
    args = [rng.normal(size=(2, 3)).astype(np.float32), rng.normal(size=3).astype(np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])


def test_a_value_read_twice_or_returned_ends_the_chain():
    raw, fused = _plans(lambda x, v: (tf.nn.relu(x + v), x + v), BIG, (16,))  # CSE: one AddV2, read twice
    assert _fused(fused) == []
    _, fused = _plans(lambda x, v: [tf.nn.relu(x * v), x * v * 2.0], BIG, (16,))
    assert _fused(fused) == []


def test_order_matters_a_clamp_ends_a_chain_and_v_minus_x_is_no_shift():
    _, fused = _plans(lambda x, v: tf.nn.relu(x) * v, BIG, (16,))
    assert _fused(fused) == []
    raw, fused = _plans(lambda x, v: tf.nn.relu(v - x * 2.0), BIG, (16,))
    assert ["Mul", "Sub", "Relu"] not in _fused(fused)  # v - x: the chain ends at Mul (Sub may start another)
    args = [np.random.default_rng(5).normal(size=BIG).astype(np.float32), np.ones(16, np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])  # and runs as written when it does


def test_keras_layers_through_tf_function_agree_with_eager():
    keras = tf.keras
    inputs = keras.Input((16, 16, 8))
    y = keras.layers.DepthwiseConv2D(3, padding="same", use_bias=False)(inputs)
    y = keras.layers.BatchNormalization()(y)
    y = keras.layers.ReLU(6.0)(y)
    y = keras.layers.Conv2D(16, 1, activation="relu")(y)
    model = keras.Model(inputs, y)
    x = np.random.default_rng(3).normal(size=(64, 16, 16, 8)).astype(np.float32)
    traced = tf.function(lambda t: model(t, training=False))
    np.testing.assert_allclose(traced(x).numpy(), model(x, training=False).numpy(), rtol=1e-6, atol=1e-6)
    assert fusion.MIN_ELEMENTS <= 64 * 16 * 16 * 8


def test_one_and_two_threads_give_the_same_bits():
    raw, fused = _plans(_batch_norm_relu6, BIG, (16,), (16,))
    rng = np.random.default_rng(4)
    args = [rng.normal(size=BIG).astype(np.float32), rng.random(16).astype(np.float32),
            rng.normal(size=16).astype(np.float32)]
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        one = fused.run(args)[0]
        tf.config.threading.set_intra_op_parallelism_threads(2)
        two = fused.run(args)[0]
    finally:
        tf.config.threading.set_intra_op_parallelism_threads(0)
    np.testing.assert_array_equal(one, two)


@pytest.mark.parametrize("conv", ["conv2d", "depthwise"])
def test_a_zero_pad_before_a_valid_convolution_becomes_its_padding(conv):
    def layer(x, w):
        padded = tf.pad(x, [[0, 0], [0, 1], [1, 2], [0, 0]])
        if conv == "conv2d":
            return tf.nn.conv2d(padded, w, 2, "VALID")
        return tf.nn.depthwise_conv2d(padded, w, [1, 2, 2, 1], "VALID")

    w_shape = (3, 3, 4, 5) if conv == "conv2d" else (3, 3, 4, 1)
    raw, fused = _plans(layer, (2, 9, 8, 4), w_shape)
    assert "Pad" in [s.prim.name for s in raw.steps] and "Pad" not in [s.prim.name for s in fused.steps]
    rng = np.random.default_rng(6)
    args = [rng.normal(size=(2, 9, 8, 4)).astype(np.float32), rng.normal(size=w_shape).astype(np.float32)]
    np.testing.assert_allclose(fused.run(args)[0], raw.run(args)[0], rtol=1e-5, atol=1e-5)


def test_a_pad_that_is_read_twice_or_not_zero_stays():
    def twice(x, w):
        padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return tf.nn.conv2d(padded, w, 1, "VALID") + tf.reduce_sum(padded)

    _, fused = _plans(twice, (1, 5, 5, 2), (3, 3, 2, 2))
    assert "Pad" in [s.prim.name for s in fused.steps]
    _, fused = _plans(lambda x, w: tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], constant_values=1.0), w,
                                                1, "VALID"), (1, 5, 5, 2), (3, 3, 2, 2))
    assert "Pad" in [s.prim.name for s in fused.steps]


def _depthwise_bn_relu6(x, w, scale, offset):
    return _batch_norm_relu6(tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME"), scale, offset)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_depthwise_convolution_applies_batch_norm_and_relu6_itself(dtype, monkeypatch):
    raw, fused = _plans(_depthwise_bn_relu6, (4, 9, 7, 16), (3, 3, 16, 1), (16,), (16,), dtype=tf.as_dtype(dtype))
    assert _fused(fused, ConvEpilogueStep) == [["DepthwiseConv2dNative", "Mul", "AddV2", "Relu6"]]
    rng = np.random.default_rng(7)
    args = [rng.normal(0, 3, (4, 9, 7, 16)).astype(dtype), rng.normal(size=(3, 3, 16, 1)).astype(dtype),
            rng.random(16).astype(dtype), rng.normal(size=16).astype(dtype)]
    expected = raw.run(args)[0]
    monkeypatch.setattr(fusion._ReplacingStep, "run_steps", _no_fallback)
    np.testing.assert_array_equal(fused.run(args)[0], expected)  # the same roundings, while in cache


def test_a_convolution_fuses_a_lone_activation_and_falls_back_on_other_operands():
    raw, fused = _plans(lambda x, w: tf.nn.relu(tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "VALID")),
                        (2, 8, 8, 6), (3, 3, 6, 2))
    assert _fused(fused, ConvEpilogueStep) == [["DepthwiseConv2dNative", "Relu"]]
    rng = np.random.default_rng(8)
    args = [rng.normal(size=(2, 8, 8, 6)).astype(np.float32), rng.normal(size=(3, 3, 6, 2)).astype(np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])
    # a full-size tensor added after the convolution (a residual): no epilogue, the steps run as written
    raw, fused = _plans(lambda x, w, r: tf.nn.relu(tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME") + r),
                        (2, 8, 8, 6), (3, 3, 6, 1), (2, 8, 8, 6))
    assert _fused(fused, ConvEpilogueStep) == [["DepthwiseConv2dNative", "AddV2", "Relu"]]
    args = [rng.normal(size=(2, 8, 8, 6)).astype(np.float32), rng.normal(size=(3, 3, 6, 1)).astype(np.float32),
            rng.normal(size=(2, 8, 8, 6)).astype(np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])


def test_a_convolution_read_elsewhere_keeps_its_output():
    _, fused = _plans(lambda x, w: [tf.nn.relu(tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME")),
                                    tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME")], (1, 5, 5, 2), (3, 3, 2, 1))
    assert _fused(fused, ConvEpilogueStep) == []


def test_a_padded_depthwise_convolution_folds_its_padding_and_takes_its_epilogue():
    def layer(x, w):
        return tf.nn.relu6(tf.nn.depthwise_conv2d(tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]]), w, [1, 2, 2, 1],
                                                  "VALID"))

    raw, fused = _plans(layer, (2, 8, 8, 4), (3, 3, 4, 1))
    assert "Pad" not in [s.prim.name for s in fused.steps]
    assert _fused(fused, ConvEpilogueStep) == [["DepthwiseConv2dNative", "Relu6"]]
    rng = np.random.default_rng(9)
    args = [rng.normal(0, 4, (2, 8, 8, 4)).astype(np.float32), rng.normal(size=(3, 3, 4, 1)).astype(np.float32)]
    np.testing.assert_array_equal(fused.run(args)[0], raw.run(args)[0])


@pytest.mark.parametrize("shape, window, channels", [((2, 12, 12, 32), 3, 64),  # Winograd
                                                     ((2, 12, 12, 8), 1, 16),  # pointwise
                                                     ((2, 12, 12, 5), 3, 7)])  # im2col chunks
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv2d_applies_batch_norm_and_relu6_itself(shape, window, channels, dtype, monkeypatch):
    def layer(x, w, scale, offset):
        return _batch_norm_relu6(tf.nn.conv2d(x, w, 1, "SAME"), scale, offset)

    w_shape = (window, window, shape[-1], channels)
    raw, fused = _plans(layer, shape, w_shape, (channels,), (channels,), dtype=tf.as_dtype(dtype))
    assert _fused(fused, ConvEpilogueStep) == [["Conv2D", "Mul", "AddV2", "Relu6"]]
    rng = np.random.default_rng(10)
    args = [rng.normal(0, 2, shape).astype(dtype), rng.normal(size=w_shape).astype(dtype),
            rng.random(channels).astype(dtype), rng.normal(size=channels).astype(dtype)]
    expected = raw.run(args)[0]
    monkeypatch.setattr(fusion._ReplacingStep, "run_steps", _no_fallback)
    np.testing.assert_array_equal(fused.run(args)[0], expected)


def _no_fallback(step, slots):
    raise AssertionError(f"the fused step ran its original steps: {[s.prim.name for s in step.steps]}")
