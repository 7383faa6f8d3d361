"""tf.image.resize (bilinear, nearest): gradients to second order, dtypes, sizes, errors."""

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.errors import InvalidArgumentError
from tensorflux.ops import resize
from tensorflux.testing import check_gradients

RNG = np.random.default_rng(11)


@pytest.mark.parametrize("prim", [resize.RESIZE_BILINEAR, resize.RESIZE_NEAREST])
@pytest.mark.parametrize("size", [(5, 7), (2, 3), (3, 1)])
def test_gradients_to_second_order(prim, size):
    # float64 through the primitives (tf.image.resize itself returns float32, as TF)
    check_gradients(lambda x: prim(x, size=size), [RNG.standard_normal((2, 3, 4, 2))], order=2)


def test_resize_gradient_through_the_public_function():
    x = tf.constant(RNG.standard_normal((1, 3, 4, 2)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(resize.resize(x, [6, 8]))
    grad = tape.gradient(loss, x)
    assert grad.dtype == tf.float32
    # upsampling by exactly 2 spreads every output pixel's unit weight over the inputs: 4 per input
    np.testing.assert_allclose(grad.numpy(), np.full((1, 3, 4, 2), 4.0), rtol=1e-6)


def test_half_pixel_centres():
    row = tf.constant([[[1.0], [3.0]]])  # [1, 2, 1]: one row, two pixels
    np.testing.assert_allclose(resize.resize(row, [1, 4])[0, :, 0].numpy(), [1.0, 1.5, 2.5, 3.0])
    np.testing.assert_array_equal(resize.resize(row, [1, 4], method="nearest")[0, :, 0].numpy(), [1, 1, 3, 3])


def test_dtypes_follow_tf():
    x = np.arange(12, dtype=np.uint8).reshape(1, 3, 4, 1)
    assert resize.resize(x, [6, 8]).dtype == tf.float32
    assert resize.resize(x, [6, 8], method="nearest").dtype == tf.uint8
    assert resize.resize(x.astype(np.float64), [6, 8]).dtype == tf.float32
    assert resize.resize(x.astype(np.float64), [6, 8], method=resize.ResizeMethod.NEAREST_NEIGHBOR).dtype == \
        tf.float64
    with pytest.raises(InvalidArgumentError, match="attr 'T' of bool"):
        resize.resize(np.zeros((1, 2, 2, 1), bool), [3, 3], method="nearest")


def test_rank3_images_and_preserved_aspect_ratio():
    out = resize.resize(tf.zeros([4, 6, 2]), [9, 9], preserve_aspect_ratio=True)
    assert tuple(out.shape) == (6, 9, 2)


def test_empty_batch_gives_empty_output():
    assert tuple(resize.resize(tf.zeros([0, 5, 5, 4]), [3, 7]).shape) == (0, 3, 7, 4)


def test_bad_arguments():
    with pytest.raises(InvalidArgumentError, match="output dimensions must be positive"):
        resize.resize(tf.zeros([5, 5, 4]), [0, 7])
    with pytest.raises(ValueError, match="must have either 3 or 4 dimensions"):
        resize.resize(tf.zeros([5, 5]), [3, 7])
    with pytest.raises(ValueError, match="1-D int32 Tensor"):
        resize.resize(tf.zeros([5, 5, 1]), [3.0, 7.0])
    with pytest.raises(ValueError, match="2 elements"):
        resize.resize(tf.zeros([5, 5, 1]), [3, 7, 1])
    with pytest.raises(ValueError, match="Resize method is not implemented: foo"):
        resize.resize(tf.zeros([5, 5, 1]), [3, 7], method="foo")
    with pytest.raises(NotImplementedError, match="bicubic"):
        resize.resize(tf.zeros([5, 5, 1]), [3, 7], method="bicubic")
    with pytest.raises(NotImplementedError, match="antialias"):
        resize.resize(tf.zeros([5, 5, 1]), [3, 7], antialias=True)


def test_antialias_is_a_no_op_when_upsampling():
    x = RNG.standard_normal((1, 3, 4, 2)).astype(np.float32)
    np.testing.assert_array_equal(resize.resize(x, [6, 9], antialias=True).numpy(), resize.resize(x, [6, 9]).numpy())
