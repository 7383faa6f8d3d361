"""Image resizing for Keras layers (``Resizing``, ``UpSampling2D`` with interpolation), on ``tf.image``."""

from __future__ import annotations

import tensorflux as tf


def resize(images, size, interpolation="bilinear"):
    """Channels-last images resized to ``size = (height, width)`` (``tf.image.resize``)."""
    from ...ops.resize import resize as tf_resize

    method = {"nearest": "nearest"}.get(interpolation, interpolation)
    return tf_resize(images, [int(size[0]), int(size[1])], method=method)  # a Python size stays static when traced


def crop_to_aspect_ratio(images, height, width):
    """The largest centred crop of ``images`` (channels last) with the aspect ratio ``height / width``."""
    in_h, in_w = images.shape[-3], images.shape[-2]
    crop_h = min(in_h, round(in_w * height / width))
    crop_w = min(in_w, round(in_h * width / height))
    top, left = (in_h - crop_h) // 2, (in_w - crop_w) // 2
    return images[..., top:top + crop_h, left:left + crop_w, :]


def pad_to_aspect_ratio(images, height, width, fill_value=0.0):
    """``images`` (channels last) padded, centred, to the aspect ratio ``height / width``."""
    in_h, in_w = images.shape[-3], images.shape[-2]
    pad_h = max(in_h, round(in_w * height / width))
    pad_w = max(in_w, round(in_h * width / height))
    top, left = (pad_h - in_h) // 2, (pad_w - in_w) // 2
    pads = [[0, 0]] * (images.shape.rank - 3) + [[top, pad_h - in_h - top], [left, pad_w - in_w - left], [0, 0]]
    return tf.pad(images, pads, constant_values=fill_value)
