"""Image ops (``tf.image``): dtype conversion, flips, crops, padding, colour and brightness.

Every op here is a composite of existing primitives (reverse, slicing, pad, cast, arithmetic),
so each is differentiable where its parts are and works on symbolic tensors with static
shapes. Images are ``(height, width, channels)`` or batches ``(batch, height, width, channels)``.
Formulas follow TF's ``image_ops_impl.py`` step by step, so results match TF's to the last bit
where no randomness is involved.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import as_input
from . import array as array_ops
from . import math as math_ops
from . import random as random_ops
from . import reduce as reduce_ops


def _dims(image):
    return image._shape_tuple()


def _check_3_or_4(image, what="image"):
    shape = _dims(image)
    if len(shape) not in (3, 4):
        raise ValueError(f"'{what}' (shape {_text(shape)}) must have either 3 or 4 dimensions.")
    return shape


def _check_at_least_3(image):
    shape = _dims(image)
    if len(shape) < 3:
        raise ValueError(f"'image' (shape {_text(shape)}) must be at least three-dimensional.")
    return shape


def _text(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _static(value, what):
    """A Python int from an int or a scalar tensor (crop and pad sizes must be known here)."""
    if hasattr(value, "_value"):
        if value._value is None:
            raise TypeError(f"`{what}` must be known when the op is built; got the symbolic tensor {value}.")
        value = value._value
    return int(value)


# ---------------------------------------------------------------------------------------------
# dtypes

def saturate_cast(value, dtype, name=None):
    """Casts, clipping first to the range of ``dtype`` (no wrap-around), as ``tf.dtypes.saturate_cast``.

    The clipping bounds are nudged toward zero where the input dtype cannot hold them exactly
    (float32 to int32), as TF does, so the cast never overflows.
    """
    x, dtype = as_input(value), dtypes.as_dtype(dtype)
    source = x.dtype.numpy_dtype
    try:
        promoted = np.promote_types(source, dtype.numpy_dtype)
    except TypeError:  # bfloat16
        promoted = np.float64
    low = source.type(np.maximum(x.dtype.min, dtype.min))
    if np.array([low, dtype.min], promoted)[0] < np.array([low, dtype.min], promoted)[1]:
        low = np.nextafter(low, source.type(0), dtype=source)
    high = source.type(np.minimum(float(x.dtype.max), float(dtype.max)))
    if np.array([high, dtype.max], promoted)[0] > np.array([high, dtype.max], promoted)[1]:
        high = np.nextafter(high, source.type(0), dtype=source)
    clipped = math_ops.clip_by_value(x, np.array(low, source), np.array(high, source))
    return math_ops.cast(clipped, dtype, name=name)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Converts between image dtypes, rescaling: integers span [0, MAX], floats [0, 1).

    >>> import tensorflux as tf
    >>> tf.image.convert_image_dtype(tf.constant([0, 255], tf.uint8), tf.float32).numpy()
    array([0., 1.], dtype=float32)
    """
    image, dtype = as_input(image), dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer):
        raise AttributeError("dtype must be either floating point or integer")
    if not (image.dtype.is_floating or image.dtype.is_integer):
        raise AttributeError("image dtype must be either floating point or integer")
    if image.dtype is dtype:
        return array_ops.identity(image, name=name)
    cast = saturate_cast if saturate else math_ops.cast
    if image.dtype.is_integer and dtype.is_integer:
        scale_in, scale_out = image.dtype.max, dtype.max
        if scale_in > scale_out:  # scale down first, then cast
            scale = (scale_in + 1) // (scale_out + 1)
            return cast(math_ops.floordiv(image, np.array(scale, image.dtype.numpy_dtype)), dtype, name=name)
        scale = (scale_out + 1) // (scale_in + 1)  # cast first, then scale up
        return math_ops.multiply(cast(image, dtype), np.array(scale, dtype.numpy_dtype), name=name)
    if image.dtype.is_floating and dtype.is_floating:
        return math_ops.cast(image, dtype, name=name)
    if image.dtype.is_integer:  # to float: cast, then scale
        return math_ops.multiply(math_ops.cast(image, dtype), 1.0 / image.dtype.max, name=name)
    scaled = math_ops.multiply(image, dtype.max + 0.5)  # from float: scale, then cast
    return cast(scaled, dtype, name=name)


# ---------------------------------------------------------------------------------------------
# Flips, transposes, rotations

def _flip(image, axis):
    image = as_input(image)
    shape = _check_at_least_3(image)
    if len(shape) > 4:
        raise ValueError(f"'image' (shape {_text(shape)})must have either 3 or 4 dimensions.")  # TF's spacing
    return array_ops.reverse(image, [axis])


def flip_left_right(image):
    """Mirrors the image horizontally (each image of a batch).

    >>> import tensorflux as tf
    >>> tf.image.flip_left_right(tf.reshape(tf.range(3), (1, 3, 1)))[0, :, 0].numpy()
    array([2, 1, 0], dtype=int32)
    """
    return _flip(image, -2)


def flip_up_down(image):
    """Mirrors the image vertically (each image of a batch)."""
    return _flip(image, -3)


def _random_flip(image, axis, seed):
    image = as_input(image)
    shape = _check_3_or_4(image)
    flipped = array_ops.reverse(image, [axis])
    if len(shape) == 3:
        return math_ops.where(random_ops.uniform([], seed=seed) < 0.5, flipped, image)
    batch = array_ops.shape(image)[0]
    choose = array_ops.reshape(random_ops.uniform(array_ops.expand_dims(batch, 0), seed=seed) < 0.5, [-1, 1, 1, 1])
    return math_ops.where(choose, flipped, image)


def random_flip_left_right(image, seed=None):
    """Mirrors the image horizontally with probability 1/2 (each image of a batch independently)."""
    return _random_flip(image, -2, seed)


def random_flip_up_down(image, seed=None):
    """Mirrors the image vertically with probability 1/2 (each image of a batch independently)."""
    return _random_flip(image, -3, seed)


def transpose(image, name=None):
    """Swaps height and width."""
    image = as_input(image)
    rank = len(_check_3_or_4(image))
    return array_ops.transpose(image, [1, 0, 2] if rank == 3 else [0, 2, 1, 3], name=name)


def rot90(image, k=1, name=None):
    """Rotates by ``k`` quarter turns counter-clockwise."""
    image = as_input(image)
    _check_3_or_4(image)
    k = _static(k, "k") % 4
    for _ in range(k):
        image = array_ops.reverse(transpose(image), [-3])
    return image


# ---------------------------------------------------------------------------------------------
# Crops and padding

def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The ``target_height x target_width`` window whose top-left corner is at the offsets."""
    image = as_input(image)
    shape = _check_3_or_4(image)
    oh, ow = _static(offset_height, "offset_height"), _static(offset_width, "offset_width")
    th, tw = _static(target_height, "target_height"), _static(target_width, "target_width")
    height, width = shape[-3], shape[-2]
    for ok, message in ((ow >= 0, "offset_width must be >= 0."), (oh >= 0, "offset_height must be >= 0."),
                        (tw > 0, "target_width must be > 0."), (th > 0, "target_height must be > 0."),
                        (width is None or width >= tw + ow, "width must be >= target + offset."),
                        (height is None or height >= th + oh, "height must be >= target + offset.")):
        if not ok:
            raise ValueError(message)
    return image[..., oh:oh + th, ow:ow + tw, :]


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The image placed at the offsets on a zero canvas of ``target_height x target_width``."""
    image = as_input(image)
    shape = _check_3_or_4(image)
    oh, ow = _static(offset_height, "offset_height"), _static(offset_width, "offset_width")
    th, tw = _static(target_height, "target_height"), _static(target_width, "target_width")
    height, width = shape[-3], shape[-2]
    if height is None or width is None:
        raise TypeError("pad_to_bounding_box needs the image's height and width to be known.")
    for ok, message in ((oh >= 0, "offset_height must be >= 0"), (ow >= 0, "offset_width must be >= 0"),
                        (tw - ow - width >= 0, "width must be <= target - offset"),
                        (th - oh - height >= 0, "height must be <= target - offset")):
        if not ok:
            raise ValueError(message)
    paddings = [[oh, th - oh - height], [ow, tw - ow - width], [0, 0]]
    return array_ops.pad(image, ([[0, 0]] if len(shape) == 4 else []) + paddings)


def central_crop(image, central_fraction):
    """The central ``central_fraction`` of the image (of each image of a batch)."""
    image = as_input(image)
    fraction = float(central_fraction)
    if fraction <= 0.0 or fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    if fraction == 1.0:
        return image
    shape = _dims(image)
    if len(shape) not in (3, 4):
        raise ValueError(f"`image` should either be a Tensor with rank = 3 or rank = 4. Had rank = {len(shape)}.")
    height, width = shape[-3], shape[-2]
    top = int((height - height * fraction) / 2)
    left = int((width - width * fraction) / 2)
    return image[..., top:height - top, left:width - left, :]


def resize_with_crop_or_pad(image, target_height, target_width):
    """Crops or zero-pads the image, centred, to ``target_height x target_width``."""
    image = as_input(image)
    shape = _check_3_or_4(image)
    th, tw = _static(target_height, "target_height"), _static(target_width, "target_width")
    if tw <= 0:
        raise ValueError("target_width must be > 0.")
    if th <= 0:
        raise ValueError("target_height must be > 0.")
    height, width = shape[-3], shape[-2]
    width_diff, height_diff = tw - width, th - height
    cropped = crop_to_bounding_box(image, max(-height_diff // 2, 0), max(-width_diff // 2, 0),
                                   min(th, height), min(tw, width))
    return pad_to_bounding_box(cropped, max(height_diff // 2, 0), max(width_diff // 2, 0), th, tw)


def random_crop(value, size, seed=None, name=None):
    """A window of shape ``size`` at a random position (every dimension may be cropped)."""
    value = as_input(value)
    size = [_static(s, "size") for s in (size.numpy().tolist() if hasattr(size, "numpy") else size)]
    shape = list(_dims(value))
    if len(size) != len(shape) or any(d is None for d in shape):
        raise ValueError(f"`size` must have one entry per dimension of a value of known shape; got size {size} "
                         f"for shape {_text(shape)}.")
    if any(d < s for d, s in zip(shape, size)):
        raise InvalidArgumentError("Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
                                   f"b'Need value.shape >= size, got '\n{', '.join(map(str, shape))}\n"
                                   f"{', '.join(map(str, size))}")
    limit = np.array([d - s + 1 for d, s in zip(shape, size)], np.int32)
    offsets = random_ops.uniform([len(shape)], maxval=np.iinfo(np.int32).max, dtype=dtypes.int32, seed=seed)
    begin = (offsets.numpy() % limit).tolist()
    return array_ops.slice(value, begin, size, name=name)


# ---------------------------------------------------------------------------------------------
# Colour and brightness

def rgb_to_grayscale(images, name=None):
    """Luma of RGB images (weights 0.2989, 0.5870, 0.1140), with a last dimension of 1."""
    images = as_input(images)
    original = images.dtype
    flt = convert_image_dtype(images, dtypes.float32)
    weights = np.array([0.2989, 0.5870, 0.1140], np.float32)
    gray = reduce_ops.reduce_sum(flt * weights, axis=-1, keepdims=True)
    return convert_image_dtype(gray, original, name=name)


def grayscale_to_rgb(images, name=None):
    """Grey images (last dimension 1) repeated into three channels."""
    images = as_input(images)
    shape = _dims(images)
    if len(shape) < 2:
        raise ValueError("'image' must be at least two-dimensional.")
    if shape[-1] is not None and shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    return array_ops.tile(images, [1] * (len(shape) - 1) + [3], name=name)


def _float_for_adjusting(image):
    """TF adjusts float16/32 images as they are, and other dtypes through float32."""
    if image.dtype in (dtypes.float16, dtypes.float32):
        return image
    return convert_image_dtype(image, dtypes.float32)


def adjust_brightness(image, delta):
    """Adds ``delta`` to every pixel (in the [0, 1) scale for integer images, saturating)."""
    image = as_input(image)
    flt = _float_for_adjusting(image)
    adjusted = math_ops.add(flt, math_ops.cast(delta, flt.dtype))
    return convert_image_dtype(adjusted, image.dtype, saturate=True)


def adjust_contrast(images, contrast_factor):
    """Moves each channel of each image away from its mean: ``(x - mean) * factor + mean``."""
    images = as_input(images)
    _check_at_least_3(images)
    flt = _float_for_adjusting(images)
    mean = reduce_ops.reduce_mean(flt, axis=[-3, -2], keepdims=True)
    adjusted = (flt - mean) * math_ops.cast(contrast_factor, flt.dtype) + mean
    return convert_image_dtype(adjusted, images.dtype, saturate=True)


def adjust_gamma(image, gamma=1, gain=1):
    """``gain * image ** gamma`` (in the [0, 1) scale for integer images)."""
    image = as_input(image)
    if float(gamma) < 0:
        raise ValueError("Gamma should be a non-negative real number.")
    flt = _float_for_adjusting(image)
    adjusted = math_ops.multiply(math_ops.pow(flt, math_ops.cast(gamma, flt.dtype)), math_ops.cast(gain, flt.dtype))
    return convert_image_dtype(adjusted, image.dtype, saturate=True)


def random_brightness(image, max_delta, seed=None):
    """``adjust_brightness`` by a delta drawn uniformly from [-max_delta, max_delta)."""
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_brightness(image, random_ops.uniform([], -max_delta, max_delta, seed=seed))


def random_contrast(image, lower, upper, seed=None):
    """``adjust_contrast`` by a factor drawn uniformly from [lower, upper)."""
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    return adjust_contrast(image, random_ops.uniform([], lower, upper, seed=seed))


def per_image_standardization(image):
    """Each image scaled to mean 0 and variance 1 (float32), as ``(x - mean) / max(std, 1/sqrt(N))``."""
    image = as_input(image)
    shape = _check_at_least_3(image)
    image = math_ops.cast(image, dtypes.float32)
    pixels = int(np.prod(shape[-3:]))
    mean = reduce_ops.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
    stddev = reduce_ops.reduce_std(image, axis=[-1, -2, -3], keepdims=True)
    adjusted = math_ops.maximum(stddev, math_ops.rsqrt(np.float32(pixels)))
    return math_ops.divide(image - mean, adjusted)


def resize_with_pad(image, target_height, target_width, method="bilinear", antialias=False):
    """Resizes keeping the aspect ratio, then zero-pads (centred) to ``target_height x target_width``."""
    from .resize import resize  # the kernels' module; imported when used

    image = as_input(image)
    shape = _check_3_or_4(image)
    th, tw = _static(target_height, "target_height"), _static(target_width, "target_width")
    if tw <= 0:
        raise ValueError("target_width must be > 0.")
    if th <= 0:
        raise ValueError("target_height must be > 0.")
    height, width = np.float32(shape[-3]), np.float32(shape[-2])
    ratio = max(width / np.float32(tw), height / np.float32(th))
    resized_height, resized_width = np.float32(height / ratio), np.float32(width / ratio)
    pad_top = max(0, int(np.floor((np.float32(th) - resized_height) / 2)))
    pad_left = max(0, int(np.floor((np.float32(tw) - resized_width) / 2)))
    resized = resize(image, [int(np.floor(resized_height)), int(np.floor(resized_width))], method=method,
                     antialias=antialias)
    return pad_to_bounding_box(resized, pad_top, pad_left, th, tw)
