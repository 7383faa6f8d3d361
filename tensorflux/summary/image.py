"""``tf.summary.image``: a string tensor ``[width, height, png, png, ...]`` read by TensorBoard's
images plugin. Pixels convert to uint8 as ``tf.image.convert_image_dtype(..., saturate=True)`` does."""

from __future__ import annotations

import functools

import numpy as np

from ..framework.errors import InvalidArgumentError
from ..framework.primitive import convert_to_tensor
from .messages import plugin_metadata
from .png import encode_png
from .state import summary_scope
from .write import tensor_summary

PLUGIN_NAME = "images"


def to_uint8(images) -> np.ndarray:
    """``convert_image_dtype(images, uint8, saturate=True)``: floats scale by 255.5 and clip to
    [0, 255] before truncating (NaN becomes 0); wider integers keep their top 8 bits.

    >>> to_uint8(np.array([0.0, 0.5, 1.0, 2.0], np.float32))
    array([  0, 127, 255, 255], dtype=uint8)
    """
    kind = images.dtype.kind
    if kind == "f" or images.dtype.name == "bfloat16":
        scaled = images * images.dtype.type(255.5)  # in the image's own precision, as TF multiplies
        return np.nan_to_num(np.clip(scaled, 0, 255), nan=0.0).astype(np.uint8)
    if kind not in "iu":
        raise AttributeError("image dtype must be either floating point or integer")
    if images.dtype == np.uint8:
        return images
    in_max = np.iinfo(images.dtype).max
    if in_max > 255:  # scaling down: keep the high bits, then saturate
        return np.clip(images // ((in_max + 1) // 256), 0, 255).astype(np.uint8)
    return np.maximum(images, 0).astype(np.uint8) * np.uint8(256 // (in_max + 1))  # int8: scaling up


def image_strings(images, max_outputs: int) -> np.ndarray:
    """``[width, height, png...]`` of the first ``max_outputs`` images of ``[k, h, w, c]``."""
    pixels = to_uint8(images)
    _, height, width, _ = pixels.shape
    pngs = [encode_png(image) for image in pixels[:max_outputs]]
    return np.array([str(width).encode(), str(height).encode()] + pngs, dtype=object)


def image(name, data, step=None, max_outputs=3, description=None):
    """Writes up to ``max_outputs`` images as PNGs, for TensorBoard's images dashboard.

    Args:
        name: The summary's name; its tag is the name under the enclosing name scopes.
        data: A ``[k, h, w, c]`` tensor, ``c`` in 1 to 4 (gray, gray + alpha, RGB, RGBA): floats in
            [0, 1] or integers (uint8 in [0, 255]); other values are clipped.
        step: An int64-convertible step; defaults to ``tf.summary.experimental.get_step()``.
        max_outputs: At most this many of the ``k`` images are written (the first ones).
        description: A Markdown description shown in TensorBoard.

    Returns:
        A bool tensor: True when written, False when there is no default writer.

    >>> import tempfile, tensorflux as tf
    >>> writer = tf.summary.create_file_writer(tempfile.mkdtemp())
    >>> with writer.as_default():
    ...     bool(tf.summary.image("noise", tf.random.uniform([2, 8, 8, 1]), step=0))
    True
    """
    metadata = plugin_metadata(PLUGIN_NAME, description=description)
    max_outputs = int(max_outputs)
    with summary_scope(name, "image_summary", values=[data, max_outputs, step]) as (tag, _):
        return tensor_summary(tag, functools.partial(_checked_images, data, max_outputs), step, metadata,
                              encode=functools.partial(image_strings, max_outputs=max_outputs))


def _checked_images(data, max_outputs: int):
    """The images as a tensor, checked as TF checks them: only when the summary records."""
    tensor = convert_to_tensor(data)
    shape = tensor._shape_tuple()
    if len(shape) != 4:
        raise ValueError(f"Tensor  must have rank 4.  Received rank {len(shape)}, shape {tuple(shape)}")
    if not (tensor.dtype.is_floating or tensor.dtype.is_integer):
        raise AttributeError("image dtype must be either floating point or integer")
    if max_outputs < 0:
        raise InvalidArgumentError(f"Condition x >= 0 did not hold element-wise:\nx (shape=() dtype=int32) = "
                                   f"\n{max_outputs}")
    if shape[3] not in (None, 1, 2, 3, 4):
        raise InvalidArgumentError(f"image must have 1, 2, 3, or 4 channels, got {shape[3]}")
    return tensor
