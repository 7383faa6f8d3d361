"""Convolutions: ``tf.nn.conv1d/2d/3d``, ``depthwise_conv2d``, ``separable_conv2d``, the transposed
convolutions and ``tf.nn.convolution``.

Three primitives make one family, and each one's gradient is built from the others, so every
gradient is itself a convolution and differentiates again:

- ``Conv2D(x, w)``: ``dx = Conv2DBackpropInput(shape(x), w, g)``, ``dw = Conv2DBackpropFilter(x, shape(w), g)``
- ``Conv2DBackpropInput(sizes, w, dy)`` is linear in ``w`` and ``dy``: its gradients are
  ``Conv2DBackpropFilter(h, shape(w), dy)`` and ``Conv2D(h, w)``
- ``Conv2DBackpropFilter(x, sizes, dy)`` is linear in ``x`` and ``dy``: its gradients are
  ``Conv2DBackpropInput(shape(x), h, dy)`` and ``Conv2D(x, h)``

``Conv3D`` and ``DepthwiseConv2dNative`` families follow the same pattern. Kernels work on
channels-last arrays (``_im2col``, ``_depthwise``); an NCHW input is
transposed around them (TF refuses NCHW on a CPU, tensorflux accepts it). ``conv1d`` runs as
a 2-D convolution of height 1, as in TF.
"""

from __future__ import annotations

import functools

import numpy as np

from ..framework import dtypes
from ..framework.primitive import as_input, declare, match_dtypes
from . import _depthwise, _im2col
from . import array as array_ops
from ._window import channels_first, check_data_format, check_positive, full_list, padding_attr, plan, sequence
from .math import FLOATS

CONV_TYPES = FLOATS + (dtypes.int32,)


# ---------------------------------------------------------------------------------------------
# Shape rules for symbolic inputs.

def _static_sizes(in_sizes, window, strides, dilations, padding, op_name):
    if any(k is None for k in window):
        return (None,) * len(in_sizes)
    return plan(in_sizes, window, strides, dilations, padding, op_name)[0]


def _known_shape(sizes, rank):
    value = array_ops._static_value(sizes)
    return (None,) * rank if value is None else tuple(int(d) for d in value.tolist())


class _Family:
    """A convolution primitive and its two backprop primitives, each differentiated by the others."""

    def __init__(self, names, kernels, check, out_channels, allowed):
        forward_name, input_name, filter_name = names
        self.check, self.out_channels, self.name = check, out_channels, forward_name
        forward, backprop_input, backprop_filter = kernels
        self.forward = declare(forward_name, functools.partial(forward, op_name=forward_name), self._infer,
                               self._forward_grad, allowed=allowed)
        # (the dispatcher checks ``allowed`` on the first input: the int32 sizes here)
        self.backprop_input = declare(input_name, functools.partial(backprop_input, op_name=input_name),
                                      self._infer_input, self._input_grad)
        self.backprop_filter = declare(filter_name, functools.partial(backprop_filter, op_name=filter_name),
                                       self._infer_filter, self._filter_grad, allowed=allowed)

    def _infer(self, x, w, *, strides, dilations, padding):
        xs, ws = x._shape_tuple(), w._shape_tuple()
        self.check(xs, ws, self.name)
        outs = _static_sizes(xs[1:-1], ws[:-2], strides, dilations, padding, self.name)
        return (xs[0], *outs, self.out_channels(ws)), x.dtype

    @staticmethod
    def _infer_input(sizes, w, dy, **attrs):
        return _known_shape(sizes, len(dy._shape_tuple())), dy.dtype

    @staticmethod
    def _infer_filter(x, sizes, dy, **attrs):
        return _known_shape(sizes, len(x._shape_tuple())), x.dtype

    def _forward_grad(self, op, g):
        x, w = op.inputs
        dx = self.backprop_input(array_ops.shape(x), w, g, **op.attrs) if op.needs[0] else None
        dw = self.backprop_filter(x, array_ops.shape(w), g, **op.attrs) if op.needs[1] else None
        return dx, dw

    def _input_grad(self, op, h):
        _, w, dy = op.inputs
        dw = self.backprop_filter(h, array_ops.shape(w), dy, **op.attrs) if op.needs[1] else None
        ddy = self.forward(h, w, **op.attrs) if op.needs[2] else None
        return None, dw, ddy

    def _filter_grad(self, op, h):
        x, _, dy = op.inputs
        dx = self.backprop_input(array_ops.shape(x), h, dy, **op.attrs) if op.needs[0] else None
        ddy = self.forward(x, h, **op.attrs) if op.needs[2] else None
        return dx, None, ddy


def _conv_channels(ws):
    return ws[-1]


def _depthwise_channels(ws):
    return None if None in ws[-2:] else ws[-2] * ws[-1]


_CONV_KERNELS = (_im2col.conv, _im2col.conv_backprop_input, _im2col.conv_backprop_filter)
_DEPTHWISE_KERNELS = (_depthwise.depthwise, _depthwise.depthwise_backprop_input, _depthwise.depthwise_backprop_filter)

CONV2D = _Family(("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"), _CONV_KERNELS,
                 _im2col.check_conv_shapes, _conv_channels, CONV_TYPES)
CONV3D = _Family(("Conv3D", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2"), _CONV_KERNELS,
                 _im2col.check_conv_shapes, _conv_channels, FLOATS)
DEPTHWISE = _Family(("DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
                     "DepthwiseConv2dNativeBackpropFilter"), _DEPTHWISE_KERNELS,
                    _depthwise.check_depthwise_shapes, _depthwise_channels, FLOATS)


# ---------------------------------------------------------------------------------------------
# Layout helpers: NCHW around channels-last primitives, extra leading batch dimensions.

def _channels_last(x, rank):
    return array_ops.transpose(x, (0, *range(2, rank + 2), 1))


def _channels_first(x, rank):
    return array_ops.transpose(x, (0, rank + 1, *range(1, rank + 1)))


def _apply(prim, x, w, rank, data_format, name, **attrs):
    """Runs a forward primitive on ``x`` in ``data_format``, folding extra leading batch dimensions."""
    first = channels_first(data_format)
    if first:
        x = _channels_last(x, rank)
    lead = x._shape_tuple()[:-rank - 1]
    if len(lead) > 1:
        x = array_ops.reshape(x, [-1, *x._shape_tuple()[-rank - 1:]])
    y = prim(x, w, name=name, **attrs)
    if len(lead) > 1:
        y = array_ops.reshape(y, [-1 if d is None else d for d in lead] + list(y._shape_tuple()[1:]))
    return _channels_first(y, rank) if first else y


def _inputs(input, filters, op_name):
    x = as_input(input)
    return match_dtypes((x, as_input(filters, hint=x.dtype)), op_name)


# ---------------------------------------------------------------------------------------------
# tf.nn convolutions.

def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution (cross-correlation) of ``[N, H, W, C]`` with filters ``[kh, kw, C // groups, O]``.

    ``padding`` is ``"SAME"``, ``"VALID"`` or explicit pairs ``[[0, 0], [top, bottom], [left, right],
    [0, 0]]``. With SAME, TF pads ``total // 2`` before and the rest after. ``data_format`` may be
    ``"NCHW"`` (on a CPU too, unlike TF).

    >>> import tensorflux as tf
    >>> tf.nn.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 2]), 1, "SAME")[0, :, :, 0].numpy()[0]
    array([4., 6., 6., 4.], dtype=float32)
    """
    x, w = _inputs(input, filters, "Conv2D")
    check_data_format(data_format, ("NHWC", "NCHW"), "Conv2D")
    strides = sequence(strides, 2, "strides", data_format)
    dilations = sequence(dilations, 2, "dilations", data_format)
    padding = padding_attr(padding, 2, "Conv2D", data_format)
    check_positive(strides, dilations, "Conv2D")
    return _apply(CONV2D.forward, x, w, 2, data_format, name, strides=strides, dilations=dilations, padding=padding)


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution of ``[N, W, C]`` with filters ``[k, C, O]`` (a 2-D convolution of height 1, as TF).

    >>> import tensorflux as tf
    >>> tf.nn.conv1d(tf.ones([1, 5, 1]), tf.ones([3, 1, 1]), 1, "VALID")[0, :, 0].numpy()
    array([3., 3., 3.], dtype=float32)
    """
    x, w = _inputs(input, filters, "Conv2D")
    check_data_format(data_format, ("NWC", "NCW"), "Conv2D")
    stride = sequence(stride, 1, "stride", data_format)
    dilations = sequence(dilations, 1, "dilations", data_format)
    padding = padding_attr(padding, 1, "Conv2D", data_format, explicit=False)
    axis = 2 if channels_first(data_format) else 1
    x2 = array_ops.expand_dims(x, axis)
    w2 = array_ops.expand_dims(w, 0)
    fmt = "NCHW" if channels_first(data_format) else "NHWC"
    check_positive(stride, dilations, "Conv2D")
    y = _apply(CONV2D.forward, x2, w2, 2, fmt, name, strides=(1, *stride), dilations=(1, *dilations),
               padding=padding)
    return array_ops.squeeze(y, [axis])


def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):
    """3-D convolution of ``[N, D, H, W, C]`` with filters ``[kd, kh, kw, C, O]``; ``strides`` has 5 entries.

    >>> import tensorflux as tf
    >>> tf.nn.conv3d(tf.ones([1, 3, 3, 3, 1]), tf.ones([3, 3, 3, 1, 1]), [1] * 5, "VALID").numpy().ravel()
    array([27.], dtype=float32)
    """
    x, w = _inputs(input, filters, "Conv3D")
    check_data_format(data_format, ("NDHWC", "NCDHW"), "Conv3D")
    strides = full_list(strides, 3, "strides", "conv3d", data_format)
    dilations = (1, 1, 1) if dilations is None else full_list(dilations, 3, "dilations", "conv3d", data_format)
    padding = padding_attr(padding, 3, "Conv3D", data_format, explicit=False, allowed=("SAME", "VALID"))
    check_positive(strides, dilations, "Conv3D")
    return _apply(CONV3D.forward, x, w, 3, data_format, name, strides=strides, dilations=dilations, padding=padding)


def convolution(input, filters, strides=None, padding="VALID", data_format=None, dilations=None, name=None):
    """N-D convolution (N = 1, 2 or 3 from the input's rank); strides and dilations may not both exceed 1.

    >>> import tensorflux as tf
    >>> tf.nn.convolution(tf.ones([1, 5, 5, 1]), tf.ones([3, 3, 1, 1])).shape
    TensorShape([1, 3, 3, 1])
    """
    x, w = _inputs(input, filters, "Conv2D")
    n = len(x._shape_tuple()) - 2
    if n not in (1, 2, 3):
        raise ValueError(f"`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims={n}.")
    strides = sequence(strides, n, "strides", data_format)
    dilations = sequence(dilations, n, "dilations", data_format)
    if any(s > 1 for s in strides) and any(d > 1 for d in dilations):
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                         f"strides={np.array(strides)} and dilation_rate={np.array(dilations)}")
    first = channels_first(data_format)
    if n == 1:
        return conv1d(x, w, strides, padding, "NCW" if first else "NWC", dilations, name)
    if n == 2:
        padding = padding_attr(padding, 2, "Conv2D", data_format, explicit=False)
        return conv2d(x, w, strides, padding, "NCHW" if first else "NHWC", dilations, name)
    padding = padding_attr(padding, 3, "Conv3D", data_format, explicit=False, allowed=("SAME", "VALID"))
    check_positive(strides, dilations, "Conv3D")
    return _apply(CONV3D.forward, x, w, 3, "NCDHW" if first else "NDHWC", name, strides=strides,
                  dilations=dilations, padding=padding)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """2-D convolution with holes: ``conv2d`` with ``dilations=rate`` and stride 1."""
    return convolution(value, filters, padding=padding, dilations=[rate, rate], name=name)


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None):
    """Convolves each input channel with its own ``channel_multiplier`` filters: ``[kh, kw, C, M]`` -> ``C * M``.

    ``strides`` is a 4-list ``[1, s, s, 1]``; ``dilations`` the 2 rates.

    >>> import tensorflux as tf
    >>> tf.nn.depthwise_conv2d(tf.ones([1, 3, 3, 2]), tf.ones([3, 3, 2, 1]), [1, 1, 1, 1], "VALID").shape
    TensorShape([1, 1, 1, 2])
    """
    x, w = _inputs(input, filter, "DepthwiseConv2dNative")
    data_format = data_format or "NHWC"
    check_data_format(data_format, ("NHWC", "NCHW"), "DepthwiseConv2dNative")
    strides = full_list(strides, 2, "strides", "depthwise_conv2d_native", data_format)
    if strides[0] != strides[1]:
        from ..framework.errors import InvalidArgumentError

        raise InvalidArgumentError("Current implementation only supports equal length strides in the row and column "
                                   "dimensions. [Op:DepthwiseConv2dNative]")
    dilations = sequence(dilations, 2, "dilations", data_format, allow_full=False)
    padding = padding_attr(padding, 2, "DepthwiseConv2dNative", data_format)
    check_positive(strides, dilations, "DepthwiseConv2dNative")
    return _apply(DEPTHWISE.forward, x, w, 2, data_format, name, strides=strides, dilations=dilations,
                  padding=padding)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, data_format=None, dilations=None,
                     name=None):
    """A depthwise convolution followed by a 1x1 convolution mixing its ``C * M`` channels into ``O``.

    >>> import tensorflux as tf
    >>> tf.nn.separable_conv2d(tf.ones([1, 3, 3, 2]), tf.ones([3, 3, 2, 1]), tf.ones([1, 1, 2, 4]),
    ...                        [1, 1, 1, 1], "VALID").numpy().ravel()
    array([18., 18., 18., 18.], dtype=float32)
    """
    x = as_input(input)
    pointwise = as_input(pointwise_filter, hint=x.dtype)
    ps = pointwise._shape_tuple()
    if len(ps) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(ps)} for pointwise_filter")
    for dim in ps[:2]:
        if dim is not None and dim != 1:
            raise ValueError(f"Dimensions {dim} and 1 are not compatible")
    depthwise = depthwise_conv2d(x, depthwise_filter, strides, padding, data_format, dilations)
    return conv2d(depthwise, pointwise, [1, 1, 1, 1], "VALID", data_format or "NHWC", name=name)


# ---------------------------------------------------------------------------------------------
# Transposed convolutions: the input gradient of a convolution, applied to ``input``.

def _output_sizes(output_shape, x, w, n, data_format):
    """The full ``[N, *spatial, C]`` output shape (channels last) as an int32 tensor."""
    sizes = as_input(output_shape, dtypes.int32) if not hasattr(output_shape, "_value") else output_shape
    known = array_ops._static_value(sizes)
    if known is None:
        return array_ops.gather(sizes, [0, *range(2, n + 2), 1]) if channels_first(data_format) else sizes
    dims = [int(d) for d in known.tolist()]
    if len(dims) == n:
        dims = [x._shape_tuple()[0], *dims, w._shape_tuple()[-2]]
        if channels_first(data_format):
            dims = [dims[0], dims[-1], *dims[1:-1]]
    if len(dims) != n + 2:
        raise ValueError(f"output_shape must have shape ({n + 2},) or ({n},), got ({len(dims)},)")
    if channels_first(data_format):
        dims = [dims[0], *dims[2:], dims[1]]
    return as_input(np.array(dims, np.int32))


def _transpose(family, x, w, output_shape, n, strides, padding, data_format, dilations, name):
    first = channels_first(data_format)
    sizes = _output_sizes(output_shape, x, w, n, data_format)
    if first:
        x = _channels_last(x, n)
    y = family.backprop_input(sizes, w, x, strides=strides, dilations=dilations, padding=padding, name=name)
    return _channels_first(y, n) if first else y


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC", dilations=None,
                     name=None):
    """The transpose of ``conv2d`` (its input gradient); ``filters`` is ``[kh, kw, out_channels, in_channels]``.

    >>> import tensorflux as tf
    >>> tf.nn.conv2d_transpose(tf.ones([1, 2, 2, 1]), tf.ones([2, 2, 1, 1]), [1, 4, 4, 1], 2).shape
    TensorShape([1, 4, 4, 1])
    """
    x, w = _inputs(input, filters, "Conv2DBackpropInput")
    check_data_format(data_format, ("NHWC", "NCHW"), "Conv2DBackpropInput")
    strides = sequence(strides, 2, "strides", data_format)
    dilations = sequence(dilations, 2, "dilations", data_format)
    padding = padding_attr(padding, 2, "Conv2DBackpropInput", data_format)
    check_positive(strides, dilations, "Conv2DBackpropInput")
    return _transpose(CONV2D, x, w, output_shape, 2, strides, padding, data_format, dilations, name)


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC", dilations=None,
                     name=None):
    """The transpose of ``conv1d``; ``filters`` is ``[k, out_channels, in_channels]``."""
    x, w = _inputs(input, filters, "Conv2DBackpropInput")
    check_data_format(data_format, ("NWC", "NCW"), "Conv2DBackpropInput")
    strides = sequence(strides, 1, "stride", data_format)
    dilations = sequence(dilations, 1, "dilations", data_format)
    padding = padding_attr(padding, 1, "Conv2DBackpropInput", data_format, explicit=False)
    check_positive(strides, dilations, "Conv2DBackpropInput")
    first = channels_first(data_format)
    axis = 2 if first else 1
    sizes = as_input(output_shape, dtypes.int32) if not hasattr(output_shape, "_value") else output_shape
    known = array_ops._static_value(sizes)
    if known is not None and len(known) == 3:
        dims = [int(d) for d in known.tolist()]
        sizes = dims[:axis] + [1] + dims[axis:]
    y = _transpose(CONV2D, array_ops.expand_dims(x, axis), array_ops.expand_dims(w, 0), sizes, 2, (1, *strides),
                   padding, "NCHW" if first else "NHWC", (1, *dilations), name)
    return array_ops.squeeze(y, [axis])


def conv3d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NDHWC", dilations=None,
                     name=None):
    """The transpose of ``conv3d``; ``filters`` is ``[kd, kh, kw, out_channels, in_channels]``."""
    x, w = _inputs(input, filters, "Conv3DBackpropInputV2")
    check_data_format(data_format, ("NDHWC", "NCDHW"), "Conv3DBackpropInputV2")
    strides = sequence(strides, 3, "strides", data_format)
    dilations = sequence(dilations, 3, "dilations", data_format)
    padding = padding_attr(padding, 3, "Conv3DBackpropInputV2", data_format, explicit=False,
                           allowed=("SAME", "VALID"))
    check_positive(strides, dilations, "Conv3DBackpropInputV2")
    return _transpose(CONV3D, x, w, output_shape, 3, strides, padding, data_format, dilations, name)


def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None, dilations=None,
                   name=None):
    """The transpose of ``convolution``: 1-, 2- or 3-D from the input's rank."""
    x = as_input(input)
    n = len(x._shape_tuple()) - 2
    first = channels_first(data_format)
    if n == 1:
        return conv1d_transpose(x, filters, output_shape, strides, padding, "NCW" if first else "NWC", dilations,
                                name)
    if n == 2:
        return conv2d_transpose(x, filters, output_shape, strides, padding, "NCHW" if first else "NHWC", dilations,
                                name)
    if n == 3:
        return conv3d_transpose(x, filters, output_shape, strides, padding, "NCDHW" if first else "NDHWC",
                                dilations, name)
    raise ValueError(f"`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims={n}.")


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of ``atrous_conv2d``."""
    return conv2d_transpose(value, filters, output_shape, 1, padding, dilations=rate, name=name)


def depthwise_conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding, data_format="NHWC",
                                    dilations=None, name=None):
    """The input gradient of ``depthwise_conv2d``."""
    w, dy = _inputs(filter, out_backprop, "DepthwiseConv2dNativeBackpropInput")
    strides = full_list(strides, 2, "strides", "depthwise_conv2d_native_backprop_input", data_format)
    dilations = sequence(dilations, 2, "dilations", data_format)
    padding = padding_attr(padding, 2, "DepthwiseConv2dNativeBackpropInput", data_format)
    return _transpose(DEPTHWISE, dy, w, input_sizes, 2, strides, padding, data_format, dilations, name)


def depthwise_conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, data_format="NHWC",
                                     dilations=None, name=None):
    """The filter gradient of ``depthwise_conv2d``."""
    x, dy = _inputs(input, out_backprop, "DepthwiseConv2dNativeBackpropFilter")
    strides = full_list(strides, 2, "strides", "depthwise_conv2d_native_backprop_filter", data_format)
    dilations = sequence(dilations, 2, "dilations", data_format)
    padding = padding_attr(padding, 2, "DepthwiseConv2dNativeBackpropFilter", data_format)
    if channels_first(data_format):
        x, dy = _channels_last(x, 2), _channels_last(dy, 2)
    sizes = as_input(filter_sizes, dtypes.int32) if not hasattr(filter_sizes, "_value") else filter_sizes
    return DEPTHWISE.backprop_filter(x, sizes, dy, strides=strides, dilations=dilations, padding=padding, name=name)
