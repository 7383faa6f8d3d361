"""The file format of ``Dataset.cache(filename)`` and ``Dataset.save``: tensorflux's own.

TF's formats (a TensorBundle for ``cache``, snapshot protos for ``save``) are not used; ours
holds only arrays — nothing is pickled, so reading a file never runs code. A file is::

    magic    8 bytes: b"TFXDATA1"
    header   uint32 little-endian N, then N bytes of UTF-8 JSON:
             {"format": "tensorflux.data", "version": 1, "element_spec": SPEC}
    records  for each element: the byte 0x01, then for each component (in ``flatten`` order,
             dict keys sorted):
               rank   uint8
               dims   rank x uint64 little-endian
               data   numbers: the values in C order, little-endian, of the spec's dtype;
                      strings: for each value, uint64 little-endian length then the bytes
    end      the byte 0x00, then uint64 little-endian: the number of records

A file that lacks the end was cut short (an interrupted write) and is refused.
SPEC is the element spec as JSON: a tensor is {"shape": [dims, null for unknown] or null,
"dtype": "float32"}; a tuple {"tuple": [SPEC, …]}; a dict {"dict": [[key, SPEC], …]} (string
keys, in the dict's order); a namedtuple {"namedtuple": name, "fields": [names], "values": [SPEC, …]}.
Files written with compression "GZIP" are the same bytes inside a gzip stream.
"""

from __future__ import annotations

import collections
import gzip
import json
import struct
import sys

import numpy as np

from ..framework import dtypes
from ..framework.errors import DataLossError, InvalidArgumentError
from ..framework.shape import TensorShape, TensorSpec
from . import structure

MAGIC = b"TFXDATA1"
VERSION = 1
_RECORD, _END = b"\x01", b"\x00"


def open_file(path, mode, compression=None):
    """A binary file, inside a gzip stream when ``compression`` is "GZIP"."""
    if compression in (None, ""):
        return open(path, mode)
    if compression == "GZIP":
        return gzip.open(path, mode)
    raise ValueError(f"Unsupported compression {compression!r}: use None or 'GZIP'.")


# ---------------------------------------------------------------------------------------------
# Specs as JSON.

def spec_to_json(spec):
    if isinstance(spec, structure.DatasetSpec):
        raise TypeError("Datasets whose elements are datasets cannot be written to a file.")
    if isinstance(spec, TensorSpec):
        return {"shape": spec.shape.dims, "dtype": spec.dtype.name}
    if isinstance(spec, dict):
        for key in spec:
            if not isinstance(key, str):
                raise TypeError(f"Only string dict keys can be written to a file, got {key!r}.")
        return {"dict": [[k, spec_to_json(v)] for k, v in spec.items()]}
    if structure.is_namedtuple(spec):
        return {"namedtuple": type(spec).__name__, "fields": list(spec._fields),
                "values": [spec_to_json(v) for v in spec]}
    return {"tuple": [spec_to_json(v) for v in spec]}


def spec_from_json(data):
    if "dtype" in data:
        return TensorSpec(TensorShape(data["shape"]), dtypes.as_dtype(data["dtype"]))
    if "dict" in data:
        return {k: spec_from_json(v) for k, v in data["dict"]}
    if "namedtuple" in data:
        kind = collections.namedtuple(data["namedtuple"], data["fields"])
        return kind(*[spec_from_json(v) for v in data["values"]])
    return tuple(spec_from_json(v) for v in data["tuple"])


# ---------------------------------------------------------------------------------------------
# Writing.

class Writer:
    """Writes elements of one spec to a file; ``close`` writes the end marker."""

    def __init__(self, path, spec, compression=None):
        self._specs = structure.flatten(spec)
        header = json.dumps({"format": "tensorflux.data", "version": VERSION,
                             "element_spec": spec_to_json(spec)}).encode()
        self._file = open_file(path, "wb", compression)
        self._file.write(MAGIC + struct.pack("<I", len(header)) + header)
        self.count = 0

    def write(self, element):
        leaves = structure.flatten(element)
        if len(leaves) != len(self._specs):
            raise InvalidArgumentError(f"An element with {len(leaves)} components does not match the file's spec "
                                       f"of {len(self._specs)} components.")
        parts = [_RECORD]
        for array, spec in zip(leaves, self._specs):
            if dtypes.from_numpy(array.dtype) is not spec.dtype:
                raise InvalidArgumentError(f"An element of dtype {dtypes.from_numpy(array.dtype).name} does not "
                                           f"match the file's dtype {spec.dtype.name}.")
            parts.append(struct.pack(f"<B{array.ndim}Q", array.ndim, *array.shape))
            parts.append(_encode(array, spec.dtype))
        self._file.write(b"".join(parts))
        self.count += 1

    def close(self):
        self._file.write(_END + struct.pack("<Q", self.count))
        self._file.close()

    def abandon(self):
        self._file.close()


def _encode(array, dtype) -> bytes:
    if dtype is dtypes.string:
        values = array.ravel().tolist()
        return b"".join(struct.pack("<Q", len(v)) + v for v in values)
    data = np.ascontiguousarray(array)
    return (data.byteswap() if sys.byteorder == "big" else data).tobytes()


# ---------------------------------------------------------------------------------------------
# Reading.

def read_spec(path, compression=None):
    """The element spec stored in a file's header."""
    with open_file(path, "rb", compression) as f:
        return _read_header(f, path)


def _read_header(f, path):
    if f.read(len(MAGIC)) != MAGIC:
        raise DataLossError(f"{path} is not a tensorflux dataset file (bad magic number).")
    (length,) = struct.unpack("<I", _read_exactly(f, 4, path))
    header = json.loads(_read_exactly(f, length, path).decode())
    if header.get("version", 0) > VERSION:
        raise DataLossError(f"{path} was written by a newer tensorflux (format version {header['version']}).")
    return spec_from_json(header["element_spec"])


def read(path, compression=None):
    """Yields the elements stored in a file, in the structure of its spec."""
    with open_file(path, "rb", compression) as f:
        spec = _read_header(f, path)
        specs = structure.flatten(spec)
        count = 0
        while True:
            tag = _read_exactly(f, 1, path)
            if tag == _END:
                (expected,) = struct.unpack("<Q", _read_exactly(f, 8, path))
                if expected != count:
                    raise DataLossError(f"{path} holds {count} records but its end marker says {expected}.")
                return
            if tag != _RECORD:
                raise DataLossError(f"{path} is corrupted (unexpected byte {tag!r} at record {count}).")
            yield structure.pack_like(spec, [_read_component(f, s, path) for s in specs])
            count += 1


def _read_component(f, spec, path):
    (rank,) = struct.unpack("<B", _read_exactly(f, 1, path))
    shape = struct.unpack(f"<{rank}Q", _read_exactly(f, 8 * rank, path)) if rank else ()
    size = int(np.prod(shape, dtype=np.int64))
    if spec.dtype is dtypes.string:
        values = np.empty(size, dtype=object)
        for i in range(size):
            (length,) = struct.unpack("<Q", _read_exactly(f, 8, path))
            values[i] = _read_exactly(f, length, path)
        return values.reshape(shape)
    np_dtype = spec.dtype.numpy_dtype
    array = np.frombuffer(_read_exactly(f, size * np_dtype.itemsize, path), dtype=np_dtype).reshape(shape)
    return array.byteswap() if sys.byteorder == "big" else array


def _read_exactly(f, n, path) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise DataLossError(f"{path} ends in the middle of a record: the file was cut short.")
    return data
