"""TensorFlow's ``Cast`` of summary data to a float type, on NumPy arrays."""

from __future__ import annotations

import numpy as np

from ..framework.errors import UnimplementedError

_TF_NAMES = {np.dtype(np.float32): "float", np.dtype(np.float64): "double"}


def cast_to_float(array, np_dtype):
    """Bools become 0/1, complex numbers keep their real part, strings are refused as TF refuses them.

    >>> cast_to_float(np.array([True, False]), np.float32)
    array([1., 0.], dtype=float32)
    """
    np_dtype = np.dtype(np_dtype)
    if array.dtype.kind in "OSU":
        raise UnimplementedError(f"Cast string to {_TF_NAMES[np_dtype]} is not supported")
    return np.asarray(array.real if array.dtype.kind == "c" else array, dtype=np_dtype)
