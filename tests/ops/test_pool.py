"""Pooling: gradients to second order, TF's first-maximum rule, SAME averaging, dtypes, errors."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.errors import InvalidArgumentError
from tensorflux.ops import _tiling, pool
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(3)


def normal(*shape):
    return RNG.standard_normal(shape)


GRADIENT_CASES = {
    "max2d_same": (lambda x: pool.max_pool2d(x, 2, 2, "SAME"), (1, 5, 4, 2)),
    "max2d_overlap_explicit": (lambda x: pool.max_pool2d(x, 3, [2, 1], [[0, 0], [1, 2], [2, 0], [0, 0]]),
                               (1, 5, 4, 2)),
    "avg2d_same": (lambda x: pool.avg_pool2d(x, 3, 2, "SAME"), (1, 5, 4, 2)),
    "avg2d_nchw": (lambda x: pool.avg_pool2d(x, 2, 1, "SAME", data_format="NCHW"), (1, 2, 4, 3)),
    "max2d_nchw": (lambda x: pool.max_pool2d(x, 2, 1, "VALID", data_format="NCHW"), (1, 2, 4, 3)),
    "pool_dilated_max": (lambda x: pool.pool(x, [2, 2], "MAX", padding="VALID", dilations=[2, 1]), (1, 5, 4, 2)),
    "pool_dilated_avg": (lambda x: pool.pool(x, [2, 2], "AVG", padding="VALID", dilations=[1, 2]), (1, 5, 4, 2)),
    "max3d_same": (lambda x: pool.max_pool3d(x, 2, 2, "SAME"), (1, 3, 4, 3, 2)),
    "avg3d_same": (lambda x: pool.avg_pool3d(x, 2, 1, "SAME"), (1, 3, 3, 3, 2)),
    "max1d_same": (lambda x: pool.max_pool1d(x, 3, 2, "SAME"), (2, 7, 2)),
    "avg1d_same": (lambda x: pool.avg_pool1d(x, 3, 2, "SAME"), (2, 7, 2)),
    "max_pool_generic": (lambda x: pool.max_pool(x, 2, 1, "VALID"), (1, 4, 3, 2)),
}


@pytest.mark.parametrize("name", sorted(GRADIENT_CASES))
def test_gradients_to_second_order(name):
    fn, shape = GRADIENT_CASES[name]
    check_gradients(fn, [normal(*shape)], order=2)


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = tf.constant([[[[1.0], [1.0]], [[1.0], [0.0]]]])  # three equal maxima in one 2x2 window
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.max_pool2d(x, 2, 2, "VALID")
    dx = tape.gradient(y, x).numpy().ravel()
    np.testing.assert_array_equal(dx, [1.0, 0.0, 0.0, 0.0])


def test_max_pool_second_order_picks_the_same_elements():
    x = tf.constant(normal(1, 4, 4, 1))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.nn.max_pool2d(x, 2, 2, "VALID")
            loss = tf.reduce_sum(y * y)
        dx = inner.gradient(loss, x)
        total = tf.reduce_sum(dx)
    # d/dx sum(2 * y * mask) = 2 * mask: one per window, at its maximum
    ddx = outer.gradient(total, x).numpy()
    assert ddx.sum() == 8.0 and set(np.unique(ddx)) == {0.0, 2.0}


def test_same_average_divides_by_real_elements():
    x = tf.ones([1, 3, 3, 1]) * 6.0
    out = tf.nn.avg_pool2d(x, 2, 2, "SAME").numpy()
    np.testing.assert_array_equal(out, np.full((1, 2, 2, 1), 6.0))


def test_max_pool_with_all_negative_values_ignores_padding():
    x = -tf.ones([1, 3, 3, 1]) - tf.reshape(tf.range(9.0), [1, 3, 3, 1])
    out = tf.nn.max_pool2d(x, 2, 2, "SAME").numpy().ravel()
    np.testing.assert_array_equal(out, [-1.0, -3.0, -7.0, -9.0])


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.int64, np.float16, np.float64])
def test_max_pool_dtypes(dtype):
    x = (np.arange(16) % 7).reshape(1, 4, 4, 1).astype(dtype)
    out = tf.nn.max_pool2d(x, 2, 2, "VALID")
    assert out.dtype.as_numpy_dtype == dtype
    np.testing.assert_array_equal(out.numpy().ravel(), np.array([5, 6, 6, 4]).astype(dtype))


def test_avg_pool_refuses_integers_as_tf_does():
    with pytest.raises(InvalidArgumentError, match="attr 'T' of int32"):
        tf.nn.avg_pool2d(tf.zeros([1, 4, 4, 1], tf.int32), 2, 2, "VALID")


def test_pooling_float32_stays_float32():
    x = tf.constant(np.ones((2, 6, 6, 3), np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(tf.nn.max_pool2d(x, 2, 2, "VALID")) + tf.reduce_sum(tf.nn.avg_pool2d(x, 3, 2, "SAME"))
    assert tape.gradient(loss, x).dtype == tf.float32


def test_tiny_chunks_give_the_same_results(monkeypatch):
    x = tf.constant(normal(3, 7, 8, 2))

    def run():
        with tf.GradientTape() as tape:
            tape.watch(x)
            outs = [tf.nn.max_pool2d(x, 3, 2, "SAME"), tf.nn.avg_pool2d(x, 3, 2, "SAME")]
            loss = tf.reduce_sum(outs[0] * outs[1])
        return [o.numpy() for o in outs] + [tape.gradient(loss, x).numpy()]

    expected = run()
    monkeypatch.setattr(_tiling, "CHUNK_BYTES", 32)
    for got, want in zip(run(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# Bad input.

def test_negative_output_size():
    with pytest.raises(InvalidArgumentError, match="Computed output size would be negative: -1"):
        tf.nn.max_pool2d(tf.zeros([1, 1, 5, 4]), 3, 1, "VALID")
    with pytest.raises(InvalidArgumentError, match="Computed output size would be negative: -1"):
        tf.nn.avg_pool2d(tf.zeros([1, 1, 5, 4]), 3, 1, "VALID")


def test_zero_size_output_is_empty():
    out = tf.nn.max_pool2d(tf.zeros([1, 1, 1, 4]), 2, 2, "VALID")
    assert tuple(out.shape) == (1, 0, 0, 4)


@pytest.mark.parametrize("padding", ["same", "Valid", "FULL"])
def test_unknown_or_lowercase_padding(padding):
    with pytest.raises(InvalidArgumentError, match=f"attr 'padding' of \"{padding}\""):
        tf.nn.max_pool2d(tf.zeros([1, 5, 5, 4]), 2, 2, padding)
    with pytest.raises(InvalidArgumentError, match=f"attr 'padding' of \"{padding}\""):
        tf.nn.avg_pool2d(tf.zeros([1, 5, 5, 4]), 2, 2, padding)


def test_argument_errors_follow_tf():
    x = tf.zeros([1, 5, 5, 1])
    with pytest.raises(InvalidArgumentError, match="Top padding 3 needs to be smaller than the window size 3"):
        tf.nn.max_pool2d(x, 3, 1, [[0, 0], [3, 3], [0, 0], [0, 0]])
    with pytest.raises(TypeError, match="Expected string for argument 'padding'"):
        tf.nn.avg_pool2d(x, 2, 1, [[0, 0], [1, 1], [1, 1], [0, 0]])
    with pytest.raises(tf.errors.UnimplementedError, match="batch dimension"):
        tf.nn.max_pool2d(x, [2, 2, 2, 1], [1, 2, 2, 1], "SAME")
    with pytest.raises(ValueError, match="ksize should be of length 1, 2 or 4"):
        tf.nn.avg_pool2d(x, [2, 2, 2], 1, "VALID")
    with pytest.raises(InvalidArgumentError, match="Stride must be > 0"):
        tf.nn.max_pool2d(x, 2, 0, "VALID")
    with pytest.raises(ValueError, match="2-D max pooling is not supported"):
        tf.nn.pool(x, [2, 2], "max")
    with pytest.raises(ValueError, match="'SAME' padding is not implemented for `dilation_rate` > 1"):
        tf.nn.pool(x, [2, 2], "AVG", padding="SAME", dilations=[2, 2])
    with pytest.raises(ValueError, match="must be 3, 4 or 5"):
        tf.nn.max_pool(tf.zeros([1, 2, 2, 2, 2, 1]), 1, 1, "VALID")


def test_symbolic_shapes():
    @tf.function(input_signature=[tf.TensorSpec([None, 7, 6, 2], tf.float32)])
    def step(x):
        y = tf.nn.max_pool2d(x, 3, 2, "SAME")
        assert y.shape.as_list() == [None, 4, 3, 2]
        return y

    x = RNG.standard_normal((2, 7, 6, 2)).astype(np.float32)
    np.testing.assert_array_equal(step(x).numpy(), tf.nn.max_pool2d(x, 3, 2, "SAME").numpy())
