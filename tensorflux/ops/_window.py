"""Sliding-window geometry shared by convolution and pooling: TF's argument rules and output sizes.

Everything here is plain Python on shapes. A window op is described by its spatial ``window``
(kernel) sizes, ``strides``, ``dilations`` and ``padding`` — ``"SAME"``, ``"VALID"`` or a tuple
of explicit ``(before, after)`` pairs, one per spatial axis. ``plan`` turns that into output
sizes and padding with TensorFlow's exact rules (``GetWindowedOutputSizeVerbose``): for SAME the
total padding is split ``before = total // 2`` with the extra element after.
"""

from __future__ import annotations

import numpy as np

from ..framework.errors import InvalidArgumentError, UnimplementedError


def shape_text(shape) -> str:
    """``[1,5,5,3]``, as TF prints shapes in error messages."""
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def both_shapes(input_shape, filter_shape, names=("input", "filter")) -> str:
    return f"({names[0]} shape {shape_text(input_shape)}, {names[1]} shape {shape_text(filter_shape)})"


# ---------------------------------------------------------------------------------------------
# Output sizes and padding.

def _c_div(a: int, b: int) -> int:
    """C++ integer division (truncates toward zero), as TF's size rules use it."""
    q = abs(a) // b
    return q if a >= 0 else -q


def output_size(size, window, stride, dilation, padding, op_name):
    """``(output, pad_before, pad_after)`` for one spatial axis; ``size`` may be None (unknown)."""
    effective = (window - 1) * dilation + 1
    if size is None:
        return None, None, None
    if padding == "VALID":
        out, before, after = _c_div(size - effective + stride, stride), 0, 0
    elif padding == "SAME":
        out = (size + stride - 1) // stride
        total = max((out - 1) * stride + effective - size, 0)
        before, after = total // 2, total - total // 2
    else:
        before, after = padding
        out = _c_div(size + before + after - effective + stride, stride)
    if out < 0:
        raise InvalidArgumentError(f"Computed output size would be negative: {out} [input_size: {size}, "
                                   f"effective_filter_size: {effective}, stride: {stride}] [Op:{op_name}]")
    return out, before, after


def plan(in_sizes, window, strides, dilations, padding, op_name):
    """Output sizes and ``(before, after)`` pads for every spatial axis."""
    outs, pads = [], []
    for i, size in enumerate(in_sizes):
        axis_padding = padding if isinstance(padding, str) else padding[i]
        out, before, after = output_size(size, window[i], strides[i], dilations[i], axis_padding, op_name)
        outs.append(out)
        pads.append((before, after))
    return tuple(outs), tuple(pads)


def input_size_plan(in_sizes, out_sizes, window, strides, dilations, padding, op_name):
    """Checks that ``out_sizes`` is what a forward window op on ``in_sizes`` produces (backprop ops)."""
    outs, pads = plan(in_sizes, window, strides, dilations, padding, op_name)
    for axis, (want, got) in enumerate(zip(outs, out_sizes)):
        if want is not None and got is not None and want != got:
            raise InvalidArgumentError(
                f"{op_name}: Size of out_backprop doesn't match computed: actual = {got}, computed = {want} "
                f"spatial_dim: {axis + 1} input: {in_sizes[axis]} filter: {window[axis]} output: {got} "
                f"stride: {strides[axis]} dilation: {dilations[axis]} [Op:{op_name}]")
    return pads


# ---------------------------------------------------------------------------------------------
# Arguments as tf.nn takes them.

def channels_first(data_format) -> bool:
    return data_format is not None and str(data_format).startswith("NC")


def check_data_format(data_format, allowed, op_name):
    if data_format not in allowed:
        listed = ", ".join(f'"{a}"' for a in allowed)
        raise InvalidArgumentError(f"Value for attr 'data_format' of \"{data_format}\" is not in the list of "
                                   f"allowed values: {listed} [Op:{op_name}]")


def sequence(value, n, name, data_format=None, allow_full=True, default=1):
    """TF's ``_get_sequence``: an int, or n values, or n + 2 values (with batch and channel entries).

    Returns the n spatial values; the batch and channel entries of a full list must be 1.
    """
    if value is None:
        return (default,) * n
    values = [int(v) for v in np.asarray(getattr(value, "_value", value)).reshape(-1).tolist()]
    if len(values) == 1:
        return (values[0],) * n
    if len(values) == n:
        return tuple(values)
    if allow_full and len(values) == n + 2:
        return full_to_spatial(values, name, data_format)
    lengths = f"1, {n} or {n + 2}" if allow_full else f"1 or {n}"
    raise ValueError(f"{name} should be of length {lengths}. Received: {name}={list(values)} of length {len(values)}")


def full_to_spatial(values, name, data_format=None):
    """The spatial entries of an ``[N, ..., C]`` (or ``[N, C, ...]``) list; the others must be 1."""
    first = channels_first(data_format)
    batch, channel = values[0], values[1] if first else values[-1]
    spatial = values[2:] if first else values[1:-1]
    if name == "ksize" and batch != 1:
        raise UnimplementedError("Pooling is not yet supported on the batch dimension.")
    if name == "ksize" and channel != 1:
        raise UnimplementedError("Pooling over the depth dimension (depthwise max pooling) is not supported by "
                                 "tensorflux; pool over spatial dimensions only.")
    if batch != 1 or channel != 1:
        raise UnimplementedError(f"Current implementation does not yet support {name} in the batch and depth "
                                 "dimensions.")
    return tuple(int(v) for v in spatial)


def full_list(value, n, name, op, data_format=None):
    """An argument TF requires as a full ``n + 2`` list (conv3d, depthwise strides); returns spatial values."""
    if not isinstance(value, (list, tuple)) and not hasattr(value, "_value"):
        raise TypeError(f"Expected list for '{name}' argument to '{op}' Op, not {value!r}.")
    values = [int(v) for v in np.asarray(getattr(value, "_value", value)).reshape(-1).tolist()]
    if len(values) != n + 2:
        raise InvalidArgumentError(f"Sliding window {name} field must specify {n + 2} dimensions [Op:{op}]")
    return full_to_spatial(values, name, data_format)


def check_positive(strides, dilations, op_name):
    if any(s <= 0 for s in strides):
        raise InvalidArgumentError(f"Strides should be larger than 0 (strides: {list(strides)}) [Op:{op_name}]")
    if any(d <= 0 for d in dilations):
        raise InvalidArgumentError(f"Dilated rates should be larger than 0. [Op:{op_name}]")


def padding_attr(padding, n, op_name, data_format=None, explicit=True, allowed=("SAME", "VALID", "EXPLICIT")):
    """``"SAME"``/``"VALID"``, or explicit pairs (``[[0, 0], [t, b], [l, r], [0, 0]]``) as spatial pairs.

    Anything else is TF's error: lowercase and unknown strings are ``InvalidArgumentError``.
    """
    if isinstance(padding, (list, tuple)):
        if not explicit:
            raise TypeError(f"Expected string for argument 'padding' not {padding}.")
        return _explicit_pairs(padding, n, op_name, data_format)
    if not isinstance(padding, str):
        raise TypeError(f"Expected string for argument 'padding' not {padding!r}.")
    if padding == "EXPLICIT" and explicit:
        raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must "
                         "be a list.")
    if padding not in ("SAME", "VALID"):
        listed = ", ".join(f'"{a}"' for a in allowed)
        raise InvalidArgumentError(f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: "
                                   f"{listed} [Op:{op_name}]")
    return padding


def _explicit_pairs(padding, n, op_name, data_format):
    pairs = [list(p) if isinstance(p, (list, tuple)) else p for p in padding]
    for i, p in enumerate(pairs):
        problem = f"of type {type(p)}" if not isinstance(p, list) else f"of size {len(p)}" if len(p) != 2 else None
        if problem:  # TF raises ValueError for both
            raise ValueError(f"When `padding` is a list, each element of `padding` must be a list/tuple of size 2. "
                             f"Received: padding={padding} with element at index {i} {problem}")
    if len(pairs) != n + 2:
        raise ValueError(f"When padding is a list, it must be of size {n + 2}. Received: padding={padding} of size "
                         f"{len(pairs)}")
    values = [(int(a), int(b)) for a, b in pairs]
    if any(a < 0 or b < 0 for a, b in values):
        raise InvalidArgumentError(f"All elements of explicit_paddings must be nonnegative [Op:{op_name}]")
    first = channels_first(data_format)
    outer = (values[0], values[1]) if first else (values[0], values[-1])
    if any(v != (0, 0) for v in outer):
        raise InvalidArgumentError(f"Nonzero explicit padding in the batch or depth dimensions is not supported "
                                   f"[Op:{op_name}]")
    return tuple(values[2:] if first else values[1:-1])


# ---------------------------------------------------------------------------------------------
# Static shapes for ``infer`` rules (None = unknown).

def static_output_shape(x_shape, window, strides, dilations, padding, channels, op_name):
    """``[N, *out_spatial, channels]`` from a channels-last input shape with possibly unknown dims."""
    outs, _ = plan(x_shape[1:-1], window, strides, dilations, padding, op_name)
    return (x_shape[0], *outs, channels)
