"""Convolutions: gradients to second order, both kernel paths, chunking, dtypes, errors, symbolic shapes."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.errors import InvalidArgumentError
from tensorflux.ops import _im2col, _tiling, conv
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(7)


def normal(*shape):
    return RNG.standard_normal(shape)


# ---------------------------------------------------------------------------------------------
# Gradients (float64, numerically, to second order): every gradient is itself a convolution.

GRADIENT_CASES = {
    "conv2d_same_strided": (lambda x, w: conv.conv2d(x, w, [2, 1], "SAME"), (1, 5, 4, 2), (3, 2, 2, 3)),
    "conv2d_even_kernel_same": (lambda x, w: conv.conv2d(x, w, 1, "SAME"), (1, 4, 4, 2), (2, 2, 2, 2)),
    "conv2d_explicit_dilated": (lambda x, w: conv.conv2d(x, w, 1, [[0, 0], [1, 0], [2, 1], [0, 0]], dilations=[1, 2]),
                                (1, 5, 4, 2), (3, 2, 2, 3)),
    "conv2d_groups": (lambda x, w: conv.conv2d(x, w, 1, "SAME"), (1, 3, 4, 4), (2, 2, 2, 4)),
    "conv2d_nchw": (lambda x, w: conv.conv2d(x, w, 2, "SAME", data_format="NCHW"), (1, 2, 5, 4), (3, 3, 2, 2)),
    "conv1d": (lambda x, w: conv.conv1d(x, w, 2, "SAME"), (2, 7, 2), (3, 2, 2)),
    "conv3d": (lambda x, w: conv.conv3d(x, w, [1, 2, 1, 1, 1], "SAME"), (1, 3, 3, 2, 2), (2, 2, 2, 2, 2)),
    "depthwise": (lambda x, w: conv.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"), (1, 5, 5, 2), (3, 3, 2, 2)),
    "depthwise_dilated_explicit": (lambda x, w: conv.depthwise_conv2d(x, w, [1, 1, 1, 1],
                                                                      [[0, 0], [1, 1], [0, 2], [0, 0]],
                                                                      dilations=[2, 1]), (1, 4, 4, 2), (2, 2, 2, 1)),
    "conv2d_transpose": (lambda x, w: conv.conv2d_transpose(x, w, [1, 6, 5, 3], 2, "SAME"), (1, 3, 3, 2),
                         (3, 3, 3, 2)),
    "conv3d_transpose": (lambda x, w: conv.conv3d_transpose(x, w, [1, 4, 3, 2, 2], [2, 1, 1], "VALID"),
                         (1, 2, 2, 1, 2), (2, 2, 2, 2, 2)),
    "conv1d_transpose": (lambda x, w: conv.conv1d_transpose(x, w, [1, 7, 2], 2, "VALID"), (1, 3, 2), (3, 2, 2)),
}


@pytest.mark.parametrize("name", sorted(GRADIENT_CASES))
def test_gradients_to_second_order(name):
    fn, x_shape, w_shape = GRADIENT_CASES[name]
    check_gradients(fn, [normal(*x_shape), normal(*w_shape)], order=2)


def test_separable_conv2d_gradients_to_second_order():
    check_gradients(lambda x, d, p: conv.separable_conv2d(x, d, p, [1, 1, 1, 1], "SAME"),
                    [normal(1, 3, 3, 2), normal(2, 2, 2, 2), normal(1, 1, 4, 2)], order=2)


def test_backprop_primitives_are_linear_and_adjoint():
    # <conv(x, w), g> == <x, backprop_input(g)> == <w, backprop_filter(g)>
    x, w = normal(2, 7, 6, 3), normal(3, 2, 3, 4)
    attrs = {"strides": (2, 1), "dilations": (1, 2), "padding": "SAME"}
    y = conv.CONV2D.forward(tf.constant(x), tf.constant(w), **attrs).numpy()
    g = normal(*y.shape)
    dx = conv.CONV2D.backprop_input(tf.constant(np.array(x.shape, np.int32)), tf.constant(w), tf.constant(g), **attrs)
    dw = conv.CONV2D.backprop_filter(tf.constant(x), tf.constant(np.array(w.shape, np.int32)), tf.constant(g), **attrs)
    total = (y * g).sum()
    assert np.isclose((x * dx.numpy()).sum(), total)
    assert np.isclose((w * dw.numpy()).sum(), total)


# ---------------------------------------------------------------------------------------------
# The two kernel paths and chunking agree with a direct sum over the window.

def direct_conv(x, w, strides, dilations, pads):
    """``y[n, o, :] = sum over taps of x_padded[n, o * s + t * d, :] @ w[t]`` with explicit loops (small shapes)."""
    xp = np.pad(x, [(0, 0), *pads, (0, 0)])
    window = w.shape[:-2]
    outs = [(xp.shape[i + 1] - (k - 1) * d - 1) // s + 1 for i, (k, s, d) in enumerate(zip(window, strides, dilations))]
    out = np.zeros((x.shape[0], *outs, w.shape[-1]))
    for o in np.ndindex(*outs):
        for t in np.ndindex(*window):
            index = tuple(oi * s + ti * d for oi, ti, s, d in zip(o, t, strides, dilations))
            out[(slice(None), *o)] += xp[(slice(None), *index)] @ w[t]
    return out


@pytest.mark.parametrize("chunk_bytes", [64, 4096, 4 << 20])
@pytest.mark.parametrize("channels", [3, 16])
def test_kernels_match_direct_sum_for_any_chunking(monkeypatch, chunk_bytes, channels):
    monkeypatch.setattr(_tiling, "CHUNK_BYTES", chunk_bytes)
    x, w = normal(3, 7, 6, channels), normal(3, 2, channels, 5)
    for strides, dilations, padding in [((1, 1), (1, 1), "SAME"), ((2, 1), (1, 2), "SAME"),
                                        ((1, 1), (2, 1), ((2, 0), (1, 3))), ((1, 1), (1, 1), "VALID")]:
        geom = _tiling.Geometry((7, 6), (3, 2), strides, dilations, padding, "Conv2D")
        expected = direct_conv(x, w, strides, dilations, geom.pads)
        out = conv.conv2d(x, w, list(strides), [[0, 0], *map(list, geom.pads), [0, 0]], dilations=list(dilations))
        np.testing.assert_allclose(out.numpy(), expected, atol=1e-10)


def direct_conv_gradients(x, w, g, strides, dilations, pads):
    """``dx`` and ``dw`` of ``sum(direct_conv(x, w) * g)``, by the same explicit loops."""
    xp = np.pad(x, [(0, 0), *pads, (0, 0)])
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for o in np.ndindex(*g.shape[1:-1]):
        for t in np.ndindex(*w.shape[:-2]):
            index = (slice(None),) + tuple(oi * s + ti * d for oi, ti, s, d in zip(o, t, strides, dilations))
            dxp[index] += g[(slice(None), *o)] @ w[t].T
            dw[t] += xp[index].T @ g[(slice(None), *o)]
    inside = (slice(None),) + tuple(slice(b, b + size) for (b, _), size in zip(pads, x.shape[1:-1]))
    return dxp[inside], dw


@pytest.mark.parametrize("chunk_bytes", [64, 4096, 4 << 20])
@pytest.mark.parametrize("channels", [1, 3, 16])
def test_backprop_kernels_match_direct_sums_for_any_chunking(monkeypatch, chunk_bytes, channels):
    monkeypatch.setattr(_tiling, "CHUNK_BYTES", chunk_bytes)
    x, w = normal(3, 7, 6, channels), normal(3, 2, channels, 5)
    for strides, dilations, padding in [((1, 1), (1, 1), "SAME"), ((2, 1), (1, 2), "SAME"), ((3, 2), (1, 1), "SAME"),
                                        ((1, 1), (2, 1), ((2, 0), (1, 3))), ((1, 1), (1, 1), "VALID")]:
        geom = _tiling.Geometry((7, 6), (3, 2), strides, dilations, padding, "Conv2D")
        g = normal(*direct_conv(x, w, strides, dilations, geom.pads).shape)
        dx, dw = direct_conv_gradients(x, w, g, strides, dilations, geom.pads)
        attrs = {"strides": strides, "dilations": dilations, "padding": tuple(map(tuple, geom.pads))}
        got_dx = _im2col.conv_backprop_input(np.array(x.shape), w, g, **attrs)
        got_dw = _im2col.conv_backprop_filter(x, np.array(w.shape), g, **attrs)
        np.testing.assert_allclose(got_dx, dx, atol=1e-10)
        np.testing.assert_allclose(got_dw, dw, atol=1e-10)


def test_chunks_bound_the_im2col_buffer():
    # batch 64 of 32x32x64 with a 3x3 window: 64*32*32 * 576 floats would be 151 MB at once
    position_bytes = 9 * 64 * 4
    biggest = _tiling.max_positions(64, (32, 32), position_bytes)
    assert biggest * position_bytes <= _tiling.CHUNK_BYTES
    covered = sum(np.prod(_tiling.box_shape(b)) for b in _tiling.chunks(64, (32, 32), position_bytes))
    assert covered == 64 * 32 * 32


def test_huge_rows_still_respect_the_budget():
    position_bytes = 3 * 3 * 4096 * 4  # a very wide 3x3 conv: one output position is 147 KB of columns
    boxes = list(_tiling.chunks(2, (8, 4000), position_bytes))
    assert max(np.prod(_tiling.box_shape(b)) for b in boxes) * position_bytes <= _tiling.BUDGET_BYTES


# ---------------------------------------------------------------------------------------------
# Dtypes.

def test_float32_stays_float32_on_both_paths():
    for channels in (3, 32):
        x = np.ones((1, 5, 5, channels), np.float32)
        w = np.ones((3, 3, channels, 2), np.float32)
        y = tf.nn.conv2d(x, w, 1, "SAME")
        assert y.dtype == tf.float32
        with tf.GradientTape() as tape:
            wt = tf.constant(w)
            tape.watch(wt)
            loss = tf.reduce_sum(tf.nn.conv2d(x, wt, 1, "SAME"))
        assert tape.gradient(loss, wt).dtype == tf.float32


def test_half_precision_and_int32_convolutions():
    x = np.arange(2 * 4 * 4 * 3).reshape(2, 4, 4, 3) % 5
    w = np.arange(3 * 3 * 3 * 2).reshape(3, 3, 3, 2) % 3
    expected = direct_conv(x.astype(np.float64), w.astype(np.float64), (1, 1), (1, 1), ((1, 1), (1, 1)))
    for dtype in (np.float16, np.int32):
        out = tf.nn.conv2d(x.astype(dtype), w.astype(dtype), 1, "SAME")
        assert out.dtype.as_numpy_dtype == dtype
        np.testing.assert_allclose(out.numpy().astype(np.float64), expected)
    out = tf.nn.conv2d(tf.cast(x, tf.bfloat16), tf.cast(w, tf.bfloat16), 1, "SAME")
    assert out.dtype == tf.bfloat16


def test_int64_and_mixed_dtypes_are_refused_as_tf_does():
    with pytest.raises(InvalidArgumentError, match="attr 'T' of int64"):
        tf.nn.conv2d(np.ones((1, 3, 3, 1), np.int64), np.ones((1, 1, 1, 1), np.int64), 1, "SAME")
    with pytest.raises(InvalidArgumentError, match="expected to be a double tensor but is a float tensor"):
        tf.nn.conv2d(tf.ones([1, 3, 3, 1], tf.float64), tf.ones([1, 1, 1, 1]), 1, "SAME")


# ---------------------------------------------------------------------------------------------
# Bad input: TF's error classes, with both shapes in the message.

def test_channel_mismatch_names_both_shapes():
    with pytest.raises(InvalidArgumentError) as info:
        tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([3, 3, 4, 2]), 1, "SAME")
    message = str(info.value)
    assert "input depth must be evenly divisible by filter depth: 3 vs 4" in message
    assert "[1,5,5,3]" in message and "[3,3,4,2]" in message and "[Op:Conv2D]" in message


def test_depthwise_channel_mismatch_names_both_shapes():
    with pytest.raises(InvalidArgumentError, match=r"same depth: 4 vs 3.*\[1,5,5,4\].*\[3,3,3,2\]"):
        tf.nn.depthwise_conv2d(tf.zeros([1, 5, 5, 4]), tf.zeros([3, 3, 3, 2]), [1, 1, 1, 1], "SAME")


@pytest.mark.parametrize("call", [
    lambda: tf.nn.conv2d(tf.zeros([1, 1, 1, 4]), tf.zeros([3, 3, 4, 2]), 1, "VALID"),
    lambda: tf.nn.conv1d(tf.zeros([1, 1, 4]), tf.zeros([3, 4, 2]), 1, "VALID"),
    lambda: tf.nn.conv3d(tf.zeros([1, 1, 5, 5, 4]), tf.zeros([3, 3, 3, 4, 2]), [1] * 5, "VALID"),
    lambda: tf.nn.depthwise_conv2d(tf.zeros([1, 1, 5, 4]), tf.zeros([3, 3, 4, 2]), [1] * 4, "VALID"),
])
def test_negative_output_size(call):
    with pytest.raises(InvalidArgumentError, match=r"Computed output size would be negative: -1 \[input_size: 1, "
                                                   r"effective_filter_size: 3, stride: 1\]"):
        call()


@pytest.mark.parametrize("padding", ["same", "valid", "FULL", "Same"])
def test_unknown_or_lowercase_padding(padding):
    with pytest.raises(InvalidArgumentError, match=f"Value for attr 'padding' of \"{padding}\" is not in the list"):
        tf.nn.conv2d(tf.zeros([1, 5, 5, 1]), tf.zeros([3, 3, 1, 1]), 1, padding)
    with pytest.raises(InvalidArgumentError, match="attr 'padding'"):
        tf.nn.conv1d(tf.zeros([1, 5, 1]), tf.zeros([3, 1, 1]), 1, padding)
    with pytest.raises(InvalidArgumentError, match="attr 'padding'"):
        tf.nn.conv2d_transpose(tf.zeros([1, 3, 3, 1]), tf.zeros([3, 3, 1, 1]), [1, 6, 6, 1], 2, padding)


def test_argument_errors_follow_tf():
    x, w = tf.zeros([1, 5, 5, 4]), tf.zeros([3, 3, 4, 2])
    with pytest.raises(ValueError, match="strides should be of length 1, 2 or 4"):
        tf.nn.conv2d(x, w, [1, 2, 2], "SAME")
    with pytest.raises(tf.errors.UnimplementedError, match="strides in the batch and depth"):
        tf.nn.conv2d(x, w, [2, 1, 1, 1], "SAME")
    with pytest.raises(InvalidArgumentError, match="Nonzero explicit padding in the batch or depth"):
        tf.nn.conv2d(x, w, 1, [[1, 1], [1, 1], [0, 0], [0, 0]])
    with pytest.raises(InvalidArgumentError, match="must be nonnegative"):
        tf.nn.conv2d(x, w, 1, [[0, 0], [-1, 1], [0, 0], [0, 0]])
    with pytest.raises(ValueError, match="must be of size 4"):
        tf.nn.conv2d(x, w, 1, [[0, 0], [1, 1], [0, 0]])
    with pytest.raises(TypeError, match="Expected string for argument 'padding'"):
        tf.nn.conv1d(tf.zeros([1, 5, 4]), tf.zeros([3, 4, 2]), 1, [[0, 0], [1, 1], [0, 0]])
    with pytest.raises(TypeError, match="Expected list for 'strides'"):
        tf.nn.conv3d(tf.zeros([1, 3, 3, 3, 1]), tf.zeros([1, 1, 1, 1, 1]), 1, "SAME")
    with pytest.raises(ValueError, match="`strides > 1` not supported in conjunction with `dilation_rate > 1`"):
        tf.nn.convolution(tf.zeros([1, 9, 9, 4]), w, 2, "SAME", dilations=2)
    with pytest.raises(ValueError, match="num_spatial_dims"):
        tf.nn.convolution(tf.zeros([1, 3, 3, 3, 3, 4]), tf.zeros([1, 1, 1, 1, 4, 2]))
    with pytest.raises(InvalidArgumentError, match="Dilated rates should be larger than 0"):
        tf.nn.conv2d(x, w, 1, "SAME", dilations=0)


def test_transpose_errors_follow_tf():
    with pytest.raises(InvalidArgumentError, match="Size of out_backprop doesn't match computed: actual = 3, "
                                                   "computed = 4"):
        tf.nn.conv2d_transpose(tf.zeros([1, 3, 3, 2]), tf.zeros([3, 3, 4, 2]), [1, 8, 8, 4], 2, "SAME")
    with pytest.raises(InvalidArgumentError, match="must have the same out_depth"):
        tf.nn.conv2d_transpose(tf.zeros([1, 3, 3, 3]), tf.zeros([3, 3, 4, 2]), [1, 6, 6, 4], 2, "SAME")
    with pytest.raises(InvalidArgumentError, match="same batch size"):
        tf.nn.conv2d_transpose(tf.zeros([1, 3, 3, 2]), tf.zeros([3, 3, 4, 2]), [2, 5, 5, 4], 1, "VALID")


def test_separable_pointwise_filter_must_be_1x1():
    with pytest.raises(ValueError, match="Dimensions 2 and 1 are not compatible"):
        tf.nn.separable_conv2d(tf.zeros([1, 5, 5, 4]), tf.zeros([3, 3, 4, 2]), tf.zeros([2, 1, 8, 6]),
                               [1, 1, 1, 1], "SAME")


# ---------------------------------------------------------------------------------------------
# Sizes: zero-size outputs are empty tensors; extra batch dimensions; symbolic shapes.

@pytest.mark.parametrize("x_shape, w_shape, padding, out_shape", [
    ((0, 5, 5, 4), (3, 3, 4, 2), "SAME", (0, 5, 5, 2)),
    ((1, 2, 2, 4), (3, 3, 4, 2), "VALID", (1, 0, 0, 2)),
    ((1, 0, 3, 4), (3, 3, 4, 2), "SAME", (1, 0, 3, 2)),
    ((1, 4, 4, 2), (3, 3, 2, 0), "VALID", (1, 2, 2, 0)),
])
def test_zero_size_outputs_are_empty(x_shape, w_shape, padding, out_shape):
    x, w = tf.zeros(x_shape), tf.zeros(w_shape)
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = tf.nn.conv2d(x, w, 1, padding)
        loss = tf.reduce_sum(y)
    assert tuple(y.shape) == out_shape and y.numpy().size == 0
    dx, dw = tape.gradient(loss, [x, w])
    assert tuple(dx.shape) == x_shape and not dx.numpy().any()
    assert tuple(dw.shape) == w_shape and not dw.numpy().any()


def test_leading_batch_dimensions_are_folded():
    x, w = normal(2, 3, 5, 5, 2), normal(3, 3, 2, 4)
    out = tf.nn.conv2d(x, w, 1, "SAME")
    assert tuple(out.shape) == (2, 3, 5, 5, 4)
    np.testing.assert_allclose(out.numpy()[1, 2], tf.nn.conv2d(x[1, 2:3], w, 1, "SAME").numpy()[0])


def test_symbolic_shapes_with_unknown_batch():
    w = tf.constant(normal(3, 3, 2, 4))

    @tf.function(input_signature=[tf.TensorSpec([None, 6, 7, 2], tf.float64)])
    def step(x):
        y = tf.nn.conv2d(x, w, 2, "SAME")
        assert y.shape.as_list() == [None, 3, 4, 4]
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(tf.nn.conv2d(x, w, 2, "SAME") ** 2)
        return y, tape.gradient(loss, x)

    x = normal(2, 6, 7, 2)
    y, dx = step(x)
    np.testing.assert_allclose(y.numpy(), tf.nn.conv2d(x, w, 2, "SAME").numpy())
    assert tuple(dx.shape) == x.shape


def test_conv2d_transpose_output_shape_forms():
    x, w = tf.ones([1, 3, 3, 2]), tf.ones([3, 3, 4, 2])
    full = tf.nn.conv2d_transpose(x, w, [1, 5, 5, 4], 1, "VALID")
    spatial = tf.nn.conv2d_transpose(x, w, [5, 5], 1, "VALID")
    as_tensor = tf.nn.conv2d_transpose(x, w, tf.constant([1, 5, 5, 4]), 1, "VALID")
    np.testing.assert_array_equal(full.numpy(), spatial.numpy())
    np.testing.assert_array_equal(full.numpy(), as_tensor.numpy())


def test_conv_transpose_is_the_adjoint_of_conv():
    x, w = normal(1, 6, 5, 3), normal(3, 3, 3, 2)
    y = tf.nn.conv2d(x, w, 2, "SAME")
    g = normal(*y.shape)
    back = tf.nn.conv2d_transpose(g, w, x.shape, 2, "SAME")
    assert np.isclose((y.numpy() * g).sum(), (back.numpy() * x).sum())


def test_atrous_aliases():
    x, w = normal(1, 9, 9, 2), normal(3, 3, 2, 2)
    np.testing.assert_allclose(tf.nn.atrous_conv2d(x, w, 2, "SAME").numpy(),
                               tf.nn.conv2d(x, w, 1, "SAME", dilations=2).numpy())


def test_depthwise_backprop_functions_are_the_gradients():
    x, w = tf.constant(normal(1, 6, 6, 3)), tf.constant(normal(3, 3, 3, 2))
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME")
        loss = tf.reduce_sum(y * y)
    dx, dw = tape.gradient(loss, [x, w])
    g = 2 * y
    np.testing.assert_allclose(tf.nn.depthwise_conv2d_backprop_input([1, 6, 6, 3], w, g, [1, 2, 2, 1], "SAME").numpy(),
                               dx.numpy())
    np.testing.assert_allclose(tf.nn.depthwise_conv2d_backprop_filter(x, [3, 3, 3, 2], g, [1, 2, 2, 1], "SAME").numpy(),
                               dw.numpy())
