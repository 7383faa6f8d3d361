"""Static shape rules shared by the primitives (``None`` is an unknown dimension)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError


def broadcast_shapes(*shapes) -> tuple:
    """NumPy/TF broadcasting of static shapes; raises ValueError when they cannot broadcast."""
    rank = max((len(s) for s in shapes), default=0)
    out = []
    for axis in range(rank):
        dims = [s[axis - rank + len(s)] for s in shapes if axis - rank + len(s) >= 0]
        known = {d for d in dims if d is not None and d != 1}
        if len(known) > 1:
            raise ValueError("Dimensions must be equal, but are " + " and ".join(str(d) for d in sorted(known)))
        if known:
            out.append(known.pop())
        elif any(d is None for d in dims):
            out.append(None)
        else:
            out.append(1)
    return tuple(out)


def same(x, *rest, **attrs):
    """Elementwise unary: the input's shape and dtype."""
    return x._shape_tuple(), x.dtype


def broadcast(x, y, **attrs):
    """Elementwise binary: broadcast shape, the (shared) input dtype."""
    return broadcast_shapes(x._shape_tuple(), y._shape_tuple()), x.dtype


def broadcast_bool(x, y, **attrs):
    """Comparisons: broadcast shape, bool."""
    return broadcast_shapes(x._shape_tuple(), y._shape_tuple()), dtypes.bool


def normalize_axis(axis, rank, op_name="Sum"):
    """A tuple of non-negative axes (all axes for None), checked against the rank."""
    if axis is None:
        return tuple(range(rank))
    axes = (axis,) if isinstance(axis, int) else tuple(int(a) for a in axis)
    out = []
    for a in axes:
        if not -rank <= a < max(rank, 1):
            raise InvalidArgumentError(f"Invalid reduction dimension ({a} for input with {rank} dimension(s) "
                                       f"[Op:{op_name}]")
        out.append(a % rank if rank else 0)
    return tuple(sorted(set(out)))


def reduced(shape, axes, keepdims) -> tuple:
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def num_elements(shape):
    n = 1
    for d in shape:
        if d is None:
            return None
        n *= d
    return n


def known_dims(shape_tensor) -> tuple:
    """What is known before running about a 1-D shape tensor: its values, None where unknown.

    Understands ``tf.shape(x)`` of a partly known ``x``, constants, and ``tf.stack`` of such
    scalars (``tf.shape(x)[0]``), which is how layers build shapes with a dynamic batch size.
    """
    if shape_tensor._value is not None:
        return tuple(int(d) for d in np.asarray(shape_tensor._value).reshape(-1))
    op = shape_tensor.op
    if op.type == "Const":
        return tuple(int(d) for d in np.asarray(op.attrs["value"]).reshape(-1))
    if op.type == "Shape":
        return tuple(op.inputs[0]._shape_tuple())
    if op.type == "Pack":
        return tuple(_known_scalar(x) for x in op.inputs)
    n = shape_tensor._shape_tuple()[0]
    return (None,) * (n or 0)


def _known_scalar(t):
    if t._value is not None:
        return int(np.asarray(t._value))
    op = t.op
    if op.type == "Const":
        return int(np.asarray(op.attrs["value"]))
    if op.type == "StridedSlice" and op.inputs[0].op.type == "Shape" and isinstance(op.attrs["key"][0], int):
        return known_dims(op.inputs[0])[op.attrs["key"][0]]
    return None
