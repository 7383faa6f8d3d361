"""Arrays of any tensorflux dtype in HDF5, and back: the one place that knows how.

HDF5 has no bfloat16 or float8 types: they are stored as their bits, as unsigned integers of
the same width, and the dtype's name (kept beside them, e.g. in an attribute) says how to read
them back. Strings (``tf.string``) are variable-length bytes. Everything else is stored as is.

>>> import numpy as np, ml_dtypes
>>> stored = to_hdf5(np.array([1.5], ml_dtypes.bfloat16))
>>> stored.dtype
dtype('uint16')
>>> from_hdf5(stored, "bfloat16", "example")
array([1.5], dtype=bfloat16)
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import DataLossError


def _is_bit_pattern_type(dtype: np.dtype) -> bool:
    """ml_dtypes' formats (bfloat16, float8_*, int4…), which HDF5 cannot describe."""
    return dtype.kind == "V" or type(dtype).__module__.startswith("ml_dtypes")


def to_hdf5(array: np.ndarray) -> np.ndarray:
    """The array as HDF5 can hold it (see the module docstring)."""
    if _is_bit_pattern_type(array.dtype):
        return array.view(np.dtype(f"uint{array.dtype.itemsize * 8}"))
    if array.dtype == object:
        import h5py

        flat = [v if isinstance(v, bytes) else str(v).encode() for v in array.reshape(-1)]
        return np.array(flat, dtype=h5py.vlen_dtype(bytes)).reshape(array.shape)
    return array


def from_hdf5(raw, dtype_name: str, where: str) -> np.ndarray:
    """Undoes ``to_hdf5``: the stored array read back as ``dtype_name``; ``where`` names it in errors."""
    try:
        dtype = dtypes.as_dtype(dtype_name)
    except (TypeError, ValueError, KeyError):
        raise DataLossError(None, None, f"{where}: unknown dtype {dtype_name!r}.") from None
    array = np.asarray(raw)
    if dtype.name == "string":
        if array.dtype.kind not in "OS":
            raise DataLossError(None, None, f"{where}: stored as {array.dtype} but marked as string.")
        values = np.empty(array.shape, dtype=object)
        values.reshape(-1)[:] = [bytes(v) for v in array.reshape(-1)]
        return values
    target = np.dtype(dtype.as_numpy_dtype)
    if _is_bit_pattern_type(target):
        if array.dtype.kind != "u" or array.dtype.itemsize != target.itemsize:
            raise DataLossError(None, None, f"{where}: stored as {array.dtype}, which cannot hold {dtype.name}.")
        return array.view(target)
    if array.dtype != target:
        raise DataLossError(None, None, f"{where}: stored as {array.dtype} but marked as {dtype.name}.")
    return array
