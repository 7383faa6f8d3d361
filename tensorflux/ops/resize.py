"""Image resizing: ``tf.image.resize`` with the bilinear and nearest-neighbour kernels, and gradients.

Like TF2, both kernels sample with half-pixel centres, computed in float32 as TF does: output
pixel ``o`` of an axis resized from ``n`` to ``m`` (``scale = n / m``) reads input coordinate
``(o + 0.5) * scale - 0.5`` (bilinear: the two neighbours, clamped, blended by the fraction) or
``floor((o + 0.5) * scale)`` (nearest). Both resizes are linear maps applied one axis at a time
(width, then height, as TF blends); their gradients are the transposed maps, which add each
output gradient back onto the input pixels it came from. Since the lookup indices never
decrease along an axis, those sums are ``np.add.reduceat`` over runs: no Python loop, no
scatter. A resize and its gradient are each other's gradients, so both differentiate again.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.backend import get_array_module
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import as_input, declare
from . import array as array_ops
from . import math as math_ops
from .math import FLOATS, INTS


class ResizeMethod:
    """The method names ``tf.image.resize`` accepts (tensorflux implements bilinear and nearest)."""

    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


# ---------------------------------------------------------------------------------------------
# Per-axis sampling plans (float32 arithmetic, as TF's kernels).

def _scale(n_in, n_out):
    return np.float32(n_in) / np.float32(n_out)


def bilinear_plan(n_in, n_out):
    """``(lower, upper, fraction)`` per output pixel of one axis."""
    position = (np.arange(n_out, dtype=np.float32) + np.float32(0.5)) * _scale(n_in, n_out) - np.float32(0.5)
    floor = np.floor(position)
    lower = np.maximum(floor, 0).astype(np.intp)
    upper = np.minimum(np.ceil(position), n_in - 1).astype(np.intp)
    return lower, upper, position - floor


def nearest_plan(n_in, n_out):
    """The input pixel each output pixel of one axis copies."""
    position = (np.arange(n_out, dtype=np.float32) + np.float32(0.5)) * _scale(n_in, n_out)
    return np.clip(np.floor(position), 0, n_in - 1).astype(np.intp)


def _along(vector, axis, ndim):
    """``vector`` shaped to broadcast along ``axis`` of an ``ndim``-array."""
    shape = [1] * ndim
    shape[axis] = -1
    return vector.reshape(shape)


def _sum_runs(values, index, axis, n_in):
    """``out[index[o]] += values[o]`` along ``axis``, for a non-decreasing ``index``."""
    xp = get_array_module(values)
    shape = list(values.shape)
    shape[axis] = n_in
    out = xp.zeros(shape, values.dtype)
    if values.shape[axis] == 0:
        return out
    starts = np.flatnonzero(np.r_[True, index[1:] != index[:-1]])
    key = [slice(None)] * values.ndim
    key[axis] = index[starts]
    out[tuple(key)] = xp.add.reduceat(values, starts, axis=axis)
    return out


# ---------------------------------------------------------------------------------------------
# Kernels on [N, H, W, C] arrays.

def _float(images):
    return images if images.dtype.kind == "f" or images.dtype.name == "bfloat16" else images.astype(np.float32)


def resize_bilinear(images, *, size):
    x = _float(images)
    for axis, n_out in ((2, size[1]), (1, size[0])):
        lower, upper, fraction = bilinear_plan(x.shape[axis], n_out)
        a, b = x.take(lower, axis=axis), x.take(upper, axis=axis)
        x = a + (b - a) * _along(fraction.astype(x.dtype), axis, x.ndim)
    return x


def resize_bilinear_grad(grads, original, *, size):
    g = grads
    for axis in (1, 2):
        n_in = original.shape[axis]
        lower, upper, fraction = bilinear_plan(n_in, g.shape[axis])
        f = _along(fraction.astype(g.dtype), axis, g.ndim)
        g = _sum_runs(g - g * f, lower, axis, n_in) + _sum_runs(g * f, upper, axis, n_in)
    return g


def resize_nearest(images, *, size):
    x = images
    for axis, n_out in ((1, size[0]), (2, size[1])):
        x = x.take(nearest_plan(x.shape[axis], n_out), axis=axis)
    return x


def resize_nearest_grad(grads, original, *, size):
    g = grads
    for axis in (1, 2):
        n_in = original.shape[axis]
        g = _sum_runs(g, nearest_plan(n_in, g.shape[axis]), axis, n_in)
    return g


def _resize_infer(images, *, size):
    s = images._shape_tuple()
    dtype = images.dtype if images.dtype.is_floating else dtypes.float32
    return (s[0], *size, s[-1]), dtype


def _nearest_infer(images, *, size):
    s = images._shape_tuple()
    return (s[0], *size, s[-1]), images.dtype


def _grad_infer(grads, original, *, size):
    return original._shape_tuple(), grads.dtype


RESIZE_BILINEAR = declare("ResizeBilinear", resize_bilinear, _resize_infer,
                          lambda op, g: RESIZE_BILINEAR_GRAD(g, op.inputs[0], **op.attrs),
                          allowed=FLOATS + INTS)
RESIZE_BILINEAR_GRAD = declare("ResizeBilinearGrad", resize_bilinear_grad, _grad_infer,
                               lambda op, h: (RESIZE_BILINEAR(h, **op.attrs), None), allowed=FLOATS)
RESIZE_NEAREST = declare("ResizeNearestNeighbor", resize_nearest, _nearest_infer,
                         lambda op, g: RESIZE_NEAREST_GRAD(g, op.inputs[0], **op.attrs),
                         allowed=FLOATS + tuple(t for t in INTS if t not in (dtypes.uint32, dtypes.uint64)))
RESIZE_NEAREST_GRAD = declare("ResizeNearestNeighborGrad", resize_nearest_grad, _grad_infer,
                              lambda op, h: (RESIZE_NEAREST(h, **op.attrs), None), allowed=FLOATS)


# ---------------------------------------------------------------------------------------------
# tf.image.resize.

def _target_size(size):
    value = np.asarray(getattr(size, "_value", size))
    if value.dtype.kind not in "iu":
        raise ValueError("'size' must be a 1-D int32 Tensor")
    if value.shape != (2,):
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    return int(value[0]), int(value[1])


def _keep_aspect(height, width, size):
    """TF's preserve_aspect_ratio: the largest size within ``size`` with the image's proportions."""
    scale = min(np.float32(size[0]) / np.float32(height), np.float32(size[1]) / np.float32(width))
    return int(np.round(scale * np.float32(height))), int(np.round(scale * np.float32(width)))


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False, antialias=False, name=None):
    """Resizes ``[N, H, W, C]`` or ``[H, W, C]`` images to ``size = [new_height, new_width]``.

    ``"bilinear"`` returns float32 (as TF); ``"nearest"`` keeps the dtype. Both use TF2's
    half-pixel centres and are differentiable.

    >>> import tensorflux as tf
    >>> tf.image.resize(tf.constant([[[1.0], [3.0]]]), [1, 4])[0, :, 0].numpy()
    array([1. , 1.5, 2.5, 3. ], dtype=float32)
    """
    x = as_input(images)
    rank = len(x._shape_tuple())
    if rank not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    new_size = _target_size(size)
    method = getattr(method, "value", method)
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        known = {v for k, v in vars(ResizeMethod).items() if k.isupper()}
        if method in known:
            raise NotImplementedError(f"tf.image.resize method {method!r}: tensorflux implements only 'bilinear' "
                                      "and 'nearest'")
        raise ValueError(f"Resize method is not implemented: {method}")
    if rank == 3:
        x = array_ops.expand_dims(x, 0)
    height, width = x._shape_tuple()[1:3]
    if preserve_aspect_ratio:
        new_size = _keep_aspect(height, width, new_size)
    op_name = "ResizeBilinear" if method == ResizeMethod.BILINEAR else "ResizeNearestNeighbor"
    if min(new_size) <= 0:
        raise InvalidArgumentError(f"output dimensions must be positive (size {list(new_size)}) [Op:{op_name}]")
    if method == ResizeMethod.BILINEAR:
        if antialias and (new_size[0] < height or new_size[1] < width):
            raise NotImplementedError("tf.image.resize(antialias=True) when downsampling is not implemented in "
                                      "tensorflux (upsampling ignores antialias, as it changes nothing there)")
        if x.dtype is not dtypes.float32:
            x = math_ops.cast(x, dtypes.float32)
        y = RESIZE_BILINEAR(x, size=new_size, name=name)
    else:
        y = RESIZE_NEAREST(x, size=new_size, name=name)
    return array_ops.squeeze(y, [0]) if rank == 3 else y
