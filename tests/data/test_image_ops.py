"""tf.image beyond the fixtures: gradients of the float ops, the random ops' contracts, and ops
used inside dataset pipelines (deterministic values are checked against TF in the fixtures)."""

from __future__ import annotations

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.testing import check_gradients

IMAGE = np.random.default_rng(0).random((4, 5, 3))


@pytest.mark.parametrize("op", [
    tf.image.flip_left_right, tf.image.flip_up_down, tf.image.transpose, lambda x: tf.image.rot90(x, 3),
    lambda x: tf.image.central_crop(x, 0.6), lambda x: tf.image.crop_to_bounding_box(x, 1, 1, 2, 3),
    lambda x: tf.image.pad_to_bounding_box(x, 1, 0, 6, 6), lambda x: tf.image.resize_with_crop_or_pad(x, 3, 7),
])
def test_image_ops_are_differentiable(op):
    check_gradients(op, [IMAGE], order=2)


@pytest.mark.parametrize("op", [  # these compute in float32, as TF does: checked with float32's precision
    lambda x: tf.image.convert_image_dtype(x, tf.float32), tf.image.rgb_to_grayscale,
    tf.image.per_image_standardization, lambda x: tf.image.adjust_contrast(x, 1.5),
    lambda x: tf.image.adjust_brightness(x, 0.3),
])
def test_float32_image_ops_are_differentiable(op):
    check_gradients(lambda x: tf.cast(op(x), tf.float64), [IMAGE], order=1, eps=1e-2, rtol=1e-2, atol=1e-2)


def test_random_flips_flip_each_image_of_a_batch_independently():
    batch = np.stack([IMAGE] * 64).astype(np.float32)
    flipped = tf.image.random_flip_left_right(batch, seed=3).numpy()
    mirrored = np.array([np.array_equal(f, IMAGE[:, ::-1].astype(np.float32)) for f in flipped])
    unchanged = np.array([np.array_equal(f, IMAGE.astype(np.float32)) for f in flipped])
    assert np.all(mirrored | unchanged) and 10 < mirrored.sum() < 54
    single = [tf.image.random_flip_up_down(IMAGE).numpy() for _ in range(40)]
    assert any(np.array_equal(s, IMAGE[::-1]) for s in single) and any(np.array_equal(s, IMAGE) for s in single)


def test_random_crop_takes_windows_of_the_image():
    image = np.arange(60).reshape(4, 5, 3)
    for _ in range(20):
        crop = tf.image.random_crop(image, [2, 3, 3]).numpy()
        top, left = np.argwhere(image[..., 0] == crop[0, 0, 0])[0]
        np.testing.assert_array_equal(crop, image[top:top + 2, left:left + 3])


def test_random_brightness_and_contrast_stay_in_range():
    image = (IMAGE * 255).astype(np.uint8)
    bright = tf.image.random_brightness(image, 0.2, seed=1).numpy()
    assert bright.dtype == np.uint8 and np.abs(bright.astype(int) - image).max() <= 52
    contrast = tf.image.random_contrast(IMAGE.astype(np.float32), 0.5, 1.5, seed=1).numpy()
    ratio = (contrast - contrast.mean(axis=(0, 1))) / (IMAGE - IMAGE.mean(axis=(0, 1)))
    assert 0.5 <= ratio.mean() <= 1.5 and np.allclose(ratio, ratio.flat[0], atol=1e-3)


def test_image_ops_in_a_dataset_pipeline():
    images = np.random.default_rng(1).integers(0, 256, (6, 8, 8, 3), dtype=np.uint8)
    ds = (tf.data.Dataset.from_tensor_slices(images)
          .map(lambda im: tf.image.convert_image_dtype(im, tf.float32))
          .map(lambda im: tf.image.random_flip_left_right(tf.image.central_crop(im, 0.5)), num_parallel_calls=2)
          .batch(3))
    assert repr(ds.element_spec) == "TensorSpec(shape=(None, 4, 4, 3), dtype=tf.float32, name=None)"
    batches = list(ds.as_numpy_iterator())
    assert [b.shape for b in batches] == [(3, 4, 4, 3)] * 2
    centre = images[:, 2:6, 2:6].astype(np.float32) / 255
    for got, want in zip(np.concatenate(batches), centre):
        assert np.allclose(got, want) or np.allclose(got, want[:, ::-1])
