"""Pooling: ``tf.nn.max_pool1d/2d/3d``, ``avg_pool1d/2d/3d``, ``max_pool``, ``avg_pool`` and ``pool``.

Primitives (channels-last; NCHW is transposed around them, on a CPU too):

- ``MaxPool(x) = y``; gradient ``MaxPoolGrad(x, y, g)``, which routes ``g`` to each window's
  first maximum. ``MaxPoolGrad`` is linear in ``g``: its gradient is ``MaxPoolGradGrad(x, y, h)``,
  which picks ``h`` at those same maxima, and whose gradient is ``MaxPoolGrad`` again (the
  maxima do not move under small changes of ``x``: no gradient flows to ``x`` or ``y`` there).
- ``AvgPool(x)``; gradient ``AvgPoolGrad(shape(x), g)``, whose gradient is ``AvgPool``.

Windows are taken tap by tap as strided views (``_pooling``). 1-D pooling runs as 2-D pooling of
height 1, as in TF; ``*3D`` primitives serve 3-D pooling.
"""

from __future__ import annotations

import functools

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.primitive import as_input, declare
from . import _pooling
from . import array as array_ops
from ._window import channels_first, check_data_format, padding_attr, plan, sequence
from .math import FLOATS, INTS

MAX_POOL_TYPES = FLOATS + tuple(t for t in INTS if t not in (dtypes.uint32, dtypes.uint64))


def _pool_infer(x, *, window, strides, dilations, padding, op_name):
    xs = x._shape_tuple()
    outs, _ = plan(xs[1:-1], window, strides, dilations, padding, op_name)
    return (xs[0], *outs, xs[-1]), x.dtype


def _like_first(x, y, g, **attrs):
    return x._shape_tuple(), g.dtype


def _like_second(x, y, h, **attrs):
    return y._shape_tuple(), h.dtype


def _sizes_infer(sizes, dy, **attrs):
    value = array_ops._static_value(sizes)
    rank = len(dy._shape_tuple())
    return ((None,) * rank if value is None else tuple(int(d) for d in value.tolist())), dy.dtype


class _Pooling:
    """The max- and average-pooling primitives of one spatial rank."""

    def __init__(self, suffix, max_types, avg_types):
        def named(kernel, name):
            return functools.partial(kernel, op_name=name)

        k = _pooling
        self.max = declare(f"MaxPool{suffix}", named(k.max_pool, f"MaxPool{suffix}"),
                           functools.partial(_pool_infer, op_name=f"MaxPool{suffix}"), self._max_grad,
                           allowed=max_types)
        self.max_grad = declare(f"MaxPool{suffix}Grad", named(k.max_pool_grad, f"MaxPool{suffix}Grad"), _like_first,
                                self._max_grad_grad, allowed=max_types)
        self.max_grad_grad = declare(f"MaxPool{suffix}GradGrad", named(k.max_pool_grad_grad,
                                                                       f"MaxPool{suffix}GradGrad"),
                                     _like_second, self._max_grad_grad_grad, allowed=max_types)
        self.avg = declare(f"AvgPool{suffix}", named(k.avg_pool, f"AvgPool{suffix}"),
                           functools.partial(_pool_infer, op_name=f"AvgPool{suffix}"), self._avg_grad,
                           allowed=avg_types)
        self.avg_grad = declare(f"AvgPool{suffix}Grad", named(k.avg_pool_grad, f"AvgPool{suffix}Grad"), _sizes_infer,
                                self._avg_grad_grad)

    def _max_grad(self, op, g):
        return self.max_grad(op.inputs[0], op.outputs[0], g, **op.attrs)

    def _max_grad_grad(self, op, h):
        x, y, _ = op.inputs
        return None, None, self.max_grad_grad(x, y, h, **op.attrs)

    def _max_grad_grad_grad(self, op, g):
        x, y, _ = op.inputs
        return None, None, self.max_grad(x, y, g, **op.attrs)

    def _avg_grad(self, op, g):
        return self.avg_grad(array_ops.shape(op.inputs[0]), g, **op.attrs)

    def _avg_grad_grad(self, op, h):
        return None, self.avg(h, **op.attrs)


POOL2D = _Pooling("", MAX_POOL_TYPES, FLOATS)
POOL3D = _Pooling("3D", FLOATS, FLOATS)  # TF's 3-D pools lack float64; tensorflux keeps it (gradient checks)


# ---------------------------------------------------------------------------------------------
# Arguments.

_SIDES = {0: ("Top", "Bottom"), 1: ("Left", "Right")}


def _check_window_padding(padding, window, op_name):
    if isinstance(padding, str):
        return
    sides = _SIDES if len(window) == 2 else {i: ("Front", "Back") if i == 0 else _SIDES[i - 1]
                                             for i in range(len(window))}
    for axis, ((before, after), k) in enumerate(zip(padding, window)):
        for side, amount in zip(sides[axis], (before, after)):
            if amount >= k:
                raise InvalidArgumentError(f"{side} padding {amount} needs to be smaller than the window size {k} "
                                           f"[Op:{op_name}]")


def _check_strides(strides, window, op_name):
    for s in strides:
        if s <= 0:
            raise InvalidArgumentError(f"Stride must be > 0, but got {s} [Op:{op_name}]")
    for k in window:
        if k <= 0:
            raise InvalidArgumentError(f"Sliding window ksize must be positive [Op:{op_name}]")


def _window_args(ksize, strides, n, data_format):
    return sequence(ksize, n, "ksize", data_format), sequence(strides, n, "strides", data_format)


def _channels_last(x, n):
    return array_ops.transpose(x, (0, *range(2, n + 2), 1))


def _channels_first(x, n):
    return array_ops.transpose(x, (0, n + 1, *range(1, n + 1)))


def _run(prim, x, n, data_format, name, **attrs):
    first = channels_first(data_format)
    if first:
        x = _channels_last(x, n)
    y = prim(x, name=name, **attrs)
    return _channels_first(y, n) if first else y


def _check_rank(x, n, op_name):
    rank = len(x._shape_tuple())
    if rank != n + 2:
        raise InvalidArgumentError(f"tensor_in_shape must have {n} spatial dimensions. {rank} 0 (input shape "
                                   f"{list(x._shape_tuple())}) [Op:{op_name}]")


def _pool(kind, input, ksize, strides, padding, data_format, n, name, dilations=None, explicit=True):
    """Shared body of the tf.nn pooling functions: ``kind`` is ``"max"`` or ``"avg"``."""
    x = as_input(input)
    family = POOL3D if n == 3 else POOL2D
    prim = family.max if kind == "max" else family.avg
    op_name = prim.name
    window, strides = _window_args(ksize, strides, n, data_format)
    dilations = (1,) * n if dilations is None else tuple(dilations)
    allowed = ("SAME", "VALID", "EXPLICIT") if kind == "max" and explicit else ("SAME", "VALID")
    padding = padding_attr(padding, n, op_name, data_format, explicit=explicit, allowed=allowed)
    _check_rank(x, n, op_name)
    _check_strides(strides, window, op_name)
    _check_window_padding(padding, window, op_name)
    if n == 1:  # as TF: a 2-D pool over a height-1 image
        axis = 2 if channels_first(data_format) else 1
        x2 = array_ops.expand_dims(x, axis)
        pads2 = padding if isinstance(padding, str) else ((0, 0), *padding)
        y = _run(prim, x2, 2, "NCHW" if axis == 2 else "NHWC", name, window=(1, *window), strides=(1, *strides),
                 dilations=(1, *dilations), padding=pads2)
        return array_ops.squeeze(y, [axis])
    return _run(prim, x, n, data_format, name, window=window, strides=strides, dilations=dilations, padding=padding)


# ---------------------------------------------------------------------------------------------
# tf.nn pooling functions.

def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """The maximum of each ``ksize`` window of ``[N, H, W, C]`` (explicit padding pairs allowed).

    >>> import tensorflux as tf
    >>> tf.nn.max_pool2d(tf.reshape(tf.range(16.0), [1, 4, 4, 1]), 2, 2, "VALID")[0, :, :, 0].numpy()
    array([[ 5.,  7.],
           [13., 15.]], dtype=float32)
    """
    check_data_format(data_format, ("NHWC", "NCHW"), "MaxPool")
    return _pool("max", input, ksize, strides, padding, data_format, 2, name)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """The maximum of each window of ``[N, W, C]``."""
    check_data_format(data_format, ("NWC", "NCW"), "MaxPool")
    return _pool("max", input, ksize, strides, padding, data_format, 1, name)


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """The maximum of each window of ``[N, D, H, W, C]``."""
    check_data_format(data_format, ("NDHWC", "NCDHW"), "MaxPool3D")
    return _pool("max", input, ksize, strides, padding, data_format, 3, name, explicit=False)


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """The mean of each window of ``[N, H, W, C]``; with SAME padding, over the real elements only.

    >>> import tensorflux as tf
    >>> tf.nn.avg_pool2d(tf.ones([1, 3, 3, 1]), 2, 2, "SAME")[0, :, :, 0].numpy()
    array([[1., 1.],
           [1., 1.]], dtype=float32)
    """
    check_data_format(data_format, ("NHWC", "NCHW"), "AvgPool")
    return _pool("avg", input, ksize, strides, padding, data_format, 2, name, explicit=False)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """The mean of each window of ``[N, W, C]``."""
    check_data_format(data_format, ("NWC", "NCW"), "AvgPool")
    return _pool("avg", input, ksize, strides, padding, data_format, 1, name, explicit=False)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """The mean of each window of ``[N, D, H, W, C]``."""
    check_data_format(data_format, ("NDHWC", "NCDHW"), "AvgPool3D")
    return _pool("avg", input, ksize, strides, padding, data_format, 3, name, explicit=False)


def _spatial_rank(x, op):
    rank = len(as_input(x)._shape_tuple())
    if rank not in (3, 4, 5):
        raise ValueError(f"`input.shape.rank` must be 3, 4 or 5. Received: input.shape="
                         f"{tuple(as_input(x)._shape_tuple())} of rank {rank}.")
    return rank - 2


def max_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Max pooling of a 1-, 2- or 3-D input (from its rank)."""
    n = _spatial_rank(input, "max_pool")
    data_format = data_format or ("NWC", "NHWC", "NDHWC")[n - 1]
    return _pool("max", input, ksize, strides, padding, data_format, n, name, explicit=n < 3)


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Average pooling of a 1-, 2- or 3-D input (from its rank)."""
    n = _spatial_rank(input, "avg_pool")
    data_format = data_format or ("NWC", "NHWC", "NDHWC")[n - 1]
    return _pool("avg", input, ksize, strides, padding, data_format, n, name, explicit=False)


def pool(input, window_shape, pooling_type, strides=None, padding="VALID", data_format=None, dilations=None,
         name=None):
    """``"MAX"`` or ``"AVG"`` pooling with an N-D ``window_shape``, optional strides and dilations.

    >>> import tensorflux as tf
    >>> tf.nn.pool(tf.ones([1, 4, 4, 1]), [2, 2], "AVG", strides=[2, 2]).shape
    TensorShape([1, 2, 2, 1])
    """
    x = as_input(input)
    n = len(window_shape)
    rank = len(x._shape_tuple())
    if rank != n + 2:
        raise ValueError(f"Shape {tuple(x._shape_tuple())} must have rank {n + 2}")
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"{n}-D {pooling_type} pooling is not supported.")
    strides = (1,) * n if strides is None else tuple(int(s) for s in strides)
    dilations = (1,) * n if dilations is None else tuple(int(d) for d in dilations)
    if padding == "SAME" and any(d > 1 for d in dilations):
        raise ValueError(f"pooling with 'SAME' padding is not implemented for `dilation_rate` > 1. Received: "
                         f"padding={padding} and dilation_rate={np.array(dilations)}")
    if any(s > 1 for s in strides) and any(d > 1 for d in dilations):
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                         f"strides={np.array(strides)} and dilation_rate={np.array(dilations)}")
    data_format = data_format or ("NWC", "NHWC", "NDHWC")[n - 1]
    kind = "max" if pooling_type == "MAX" else "avg"
    return _pool(kind, x, list(window_shape), list(strides), padding, data_format, n, name, dilations=dilations,
                 explicit=False)
