"""``tensor[key]``: TF's indexing rules turned into one ``StridedSlice`` primitive call.

Valid keys are what TF accepts: integers, slices (with steps, negative bounds), ``...``,
``tf.newaxis`` (None) and scalar integer tensors. Out-of-range slices clamp, out-of-range
integers are an ``InvalidArgumentError``, as in TF.
"""

from __future__ import annotations

import numbers

import numpy as np

from .errors import InvalidArgumentError
from .primitive import REGISTRY

_INVALID = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 "
            "tensors are valid indices, got {!r}")


def _index_value(k):
    """A Python int for an index element that is a number or a scalar integer tensor."""
    if isinstance(k, (bool, np.bool_)):
        raise TypeError(_INVALID.format(k))
    if isinstance(k, numbers.Integral):
        return int(k)
    if hasattr(k, "_value") and hasattr(k, "dtype"):
        if k._value is None:
            raise TypeError("Indexing with a symbolic tensor is not supported yet; use tf.gather.")
        if not k.dtype.is_integer or np.ndim(k._value) != 0:
            raise TypeError(_INVALID.format(k))
        return int(k._value)
    if isinstance(k, np.ndarray) and k.ndim == 0 and k.dtype.kind in "iu":
        return int(k)
    raise TypeError(_INVALID.format(k))


def normalize_key(key, ndim: int) -> tuple:
    """A tuple of ints, slices of ints, None and Ellipsis, checked against TF's rules."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    for k in key:
        if k is None or k is Ellipsis:
            out.append(k)
        elif isinstance(k, slice):
            out.append(slice(*(None if b is None else _index_value(b) for b in (k.start, k.stop, k.step))))
            if out[-1].step == 0:
                raise InvalidArgumentError("strides[0] must be non-zero [Op:StridedSlice]")
        else:
            out.append(_index_value(k))
    if out.count(Ellipsis) > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    used = sum(1 for k in out if k is not None and k is not Ellipsis)
    if used > ndim:
        raise InvalidArgumentError(f"Index out of range using input dim {ndim}; input has only {ndim} dims "
                                   "[Op:StridedSlice]")
    return tuple(out)


def getitem(x, key):
    """``x[key]`` for tensors and variables."""
    rank = len(x._shape_tuple())
    return REGISTRY["StridedSlice"](x, key=normalize_key(key, rank), name="strided_slice")


def sliced_shape(shape, key) -> tuple:
    """The static shape of ``x[key]`` for a shape with possibly unknown (None) dimensions."""
    used = sum(1 for k in key if k is not None and k is not Ellipsis)
    out, axis = [], 0
    for k in key:
        if k is Ellipsis:
            n = len(shape) - used
            out.extend(shape[axis: axis + n])
            axis += n
        elif k is None:
            out.append(1)
        elif isinstance(k, slice):
            d = shape[axis]
            out.append(None if d is None else len(range(*k.indices(d))))
            axis += 1
        else:
            d = shape[axis]
            if d is not None and not -d <= k < d:
                raise InvalidArgumentError(f"slice index {k} of dimension {axis} out of bounds.")
            axis += 1
    out.extend(shape[axis:])
    return tuple(out)
