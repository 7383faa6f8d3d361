"""Keras' dtype names: every dtype is a string (``'float32'``), as in Keras 3."""

from __future__ import annotations

from .. import config

ALLOWED_DTYPES = ("float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64", "int8", "int16",
                  "int32", "int64", "bfloat16", "bool", "string", "complex64", "complex128")
_PYTHON_DTYPES = {bool: "bool", int: "int64", float: "float32", str: "string", "int": "int64",
                  complex: "complex128"}
_BITS = {"bool": 8, "bfloat16": 16, "float16": 16, "float32": 32, "float64": 64, "uint8": 8, "uint16": 16,
         "uint32": 32, "uint64": 64, "int8": 8, "int16": 16, "int32": 32, "int64": 64, "complex64": 64,
         "complex128": 128, "string": 8}


def standardize_dtype(dtype) -> str:
    """``None`` → floatx; a tf/NumPy dtype, Python type or name → Keras' string name."""
    if dtype is None:
        return config.floatx()
    dtype = _PYTHON_DTYPES.get(dtype, dtype) if isinstance(dtype, (type, str)) else dtype
    if hasattr(dtype, "name"):
        dtype = dtype.name
    elif hasattr(dtype, "__name__"):
        dtype = dtype.__name__
    dtype = str(dtype)
    if dtype not in ALLOWED_DTYPES:
        raise ValueError(f"Invalid dtype: {dtype}")
    return dtype


def dtype_size(dtype) -> int:
    """Size of one element in bits (Keras' summary divides by 8 for bytes)."""
    return _BITS[standardize_dtype(dtype)]


def is_float(dtype) -> bool:
    return "float" in standardize_dtype(dtype)


def standardize_shape(shape) -> tuple:
    """A shape as a tuple of ints and ``None``s, as Keras 3 keeps shapes."""
    if not isinstance(shape, tuple):
        if shape is None:
            raise ValueError("Undefined shapes are not supported.")
        if hasattr(shape, "as_list"):
            shape = shape.as_list()
        if not hasattr(shape, "__iter__"):
            raise ValueError(f"Cannot convert '{shape}' to a shape.")
    dims = []
    for d in shape:
        if d is None:
            dims.append(None)
            continue
        if isinstance(d, (str, float)):
            raise ValueError(f"Cannot convert '{shape}' to a shape. Found invalid dimension '{d}' of type "  # noqa: TRY004
                             f"'{type(d)}'. ")
        try:
            d = int(d)
        except (TypeError, ValueError) as e:
            raise ValueError(f"Cannot convert '{shape}' to a shape. Found invalid dimension '{d}'. {e}") from None
        if d < 0:
            raise ValueError(f"Cannot convert '{shape}' to a shape. Negative dimensions are not allowed.")
        dims.append(d)
    return tuple(dims)
