"""``tensor[key]``: TF's indexing rules turned into one ``StridedSlice`` primitive call.

Valid keys are what TF accepts: integers, slices (with steps, negative bounds), ``...``,
``tf.newaxis`` (None) and scalar integer tensors; a list counts as a tuple, and a boolean tensor
or array selects with ``tf.boolean_mask``. Out-of-range slices clamp; out-of-range integers are
TF's ``InvalidArgumentError`` (a ``ValueError`` while a graph is built), with TF's messages.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import dtypes
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
        if k._value is None and not k._is_variable:
            raise TypeError("Indexing with a symbolic tensor is not supported; use tf.gather or tf.slice.")
        if not k.dtype.is_integer or len(k._shape_tuple()) != 0:
            raise TypeError(_INVALID.format(k))
        return int(k._value)
    if isinstance(k, np.ndarray) and k.ndim == 0 and k.dtype.kind in "iu":
        return int(k)
    raise TypeError(_INVALID.format(k))


def _is_mask(key) -> bool:
    """A boolean key selects with ``tf.boolean_mask`` (as TF's ``__getitem__``)."""
    if isinstance(key, (bool, np.bool_)):
        return True
    if isinstance(key, np.ndarray):
        return key.dtype == np.bool_
    return isinstance(getattr(key, "dtype", None), dtypes.DType) and key.dtype.is_bool


def _rank(key) -> int:
    return len(key._shape_tuple()) if hasattr(key, "_shape_tuple") else np.ndim(key)


def normalize_key(key, ndim=None) -> tuple:
    """A tuple of ints, slices of ints, None and Ellipsis; TypeError for anything else."""
    if type(key) is int:
        return (key,)
    if not isinstance(key, (tuple, list)):
        key = (key,)
    out = []
    for k in key:
        if type(k) is int or k is None or k is Ellipsis:
            out.append(k)
        elif type(k) is slice:
            bounds = (k.start, k.stop, k.step)
            plain = all(b is None or type(b) is int for b in bounds)
            out.append(k if plain else slice(*(None if b is None else _index_value(b) for b in bounds)))
        else:
            out.append(_index_value(k))
    return tuple(out)


def getitem(x, key):
    """``x[key]`` for tensors and variables."""
    if _is_mask(key):
        if _rank(key) == 0:
            raise ValueError("mask cannot be scalar.")
        from ..ops.array import boolean_mask  # a composite of ops, found at call time (floor 2)

        return boolean_mask(x, key)
    key = normalize_key(key)
    if Ellipsis not in key:
        key += (Ellipsis,)  # NumPy then returns an array (a view), never a bare scalar
    try:
        return REGISTRY["StridedSlice"](x, key=key, name="strided_slice")
    except InvalidArgumentError:
        if x._value is None:
            raise
        try:  # NumPy refused the key: say why in TF's words
            sliced_shape(x._value.shape, key)
        except InvalidArgumentError as e:
            raise InvalidArgumentError(f"{e} [Op:StridedSlice]") from None
        raise


def sliced_shape(shape, key) -> tuple:
    """The static shape of ``x[key]`` for a shape with possibly unknown (None) dimensions.

    Raises TF's ``InvalidArgumentError`` for keys the shape cannot take.
    """
    if key.count(Ellipsis) > 1:
        raise InvalidArgumentError("Multiple ellipses in slice spec not allowed")
    for i, k in enumerate(key):
        if isinstance(k, slice) and k.step == 0:
            raise InvalidArgumentError(f"strides[{i}] must be non-zero")
    used = sum(1 for k in key if k is not None and k is not Ellipsis)
    if used and not len(shape):
        raise InvalidArgumentError("Attempting to slice scalar input.")
    if used > len(shape):
        raise InvalidArgumentError(f"Index out of range using input dim {len(shape)}; input has only "
                                   f"{len(shape)} dims")
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
                raise InvalidArgumentError(f"slice index {k + d if k < 0 else k} of dimension {axis} out of bounds.")
            axis += 1
    out.extend(shape[axis:])
    return tuple(out)
