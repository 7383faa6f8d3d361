"""The protobuf messages of an event file, as encoders: ``Event``, ``Summary``, ``SummaryMetadata``,
``TensorProto`` and ``TensorShapeProto`` (field numbers from TensorFlow's ``event.proto``,
``summary.proto``, ``tensor.proto`` and ``tensor_shape.proto``).

Each function returns the serialized message; fields are written in field-number order, as
TensorFlow's C++ writer does. ``SummaryMetadata`` is a small class with protobuf's attribute API
(``metadata.plugin_data.plugin_name = ...``, ``SerializeToString()``), because Keras builds one
that way.

>>> tensor_proto(np.float32(0.5)).hex()
'0801120022040000003f'
"""

from __future__ import annotations

import sys

import numpy as np

from ..framework import backend, dtypes
from . import wire

# TensorFlow's DataType enum (types.proto).
DATA_TYPE = {
    "float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7,
    "complex64": 8, "int64": 9, "bool": 10, "bfloat16": 14, "uint16": 17, "complex128": 18,
    "float16": 19, "uint32": 22, "uint64": 23,
}
DT_RESOURCE = 20


def data_type(dtype) -> int:
    """The ``DataType`` enum value of a dtype."""
    return DATA_TYPE[dtypes.as_dtype(dtype).name]


def tensor_shape(shape, unknown_rank: bool = False) -> bytes:
    """A ``TensorShapeProto``: one ``dim {size}`` per dimension, -1 for an unknown one."""
    if unknown_rank:
        return wire.uint(3, True)
    return b"".join(wire.message(2, wire.uint(1, -1 if d is None else d)) for d in shape)


def tensor_proto(array, dtype=None) -> bytes:
    """A ``TensorProto`` of an array, as TF's summary writer makes it: numbers as ``tensor_content``
    (raw little-endian bytes), strings as ``string_val`` (one entry per element, in C order)."""
    array = np.asarray(backend.to_numpy(array))
    dtype = dtypes.as_dtype(dtype if dtype is not None else array.dtype)
    head = wire.uint(1, data_type(dtype)) + wire.message(2, tensor_shape(array.shape))
    if dtype is dtypes.string:
        return head + wire.repeated_strings(8, array.reshape(-1).tolist())
    content = np.ascontiguousarray(array, dtype=dtype.numpy_dtype)
    if sys.byteorder == "big":
        content = content.byteswap()
    return head + wire.string(4, content.tobytes())


class PluginData:
    """``SummaryMetadata.PluginData``: which TensorBoard plugin reads the summary, and its settings."""

    __slots__ = ("content", "plugin_name")

    def __init__(self, plugin_name: str = "", content: bytes = b""):
        self.plugin_name = plugin_name
        self.content = content

    def SerializeToString(self) -> bytes:
        return wire.string(1, self.plugin_name) + wire.string(2, self.content)


class SummaryMetadata:
    """``SummaryMetadata``, as ``tf.compat.v1.SummaryMetadata``.

    >>> metadata = SummaryMetadata()
    >>> metadata.plugin_data.plugin_name = "scalars"
    >>> metadata.SerializeToString()
    b'\\n\\t\\n\\x07scalars'
    """

    __slots__ = ("display_name", "plugin_data", "summary_description")

    def __init__(self, display_name: str | None = None, summary_description: str | None = None,
                 plugin_data: PluginData | None = None):
        self.plugin_data = plugin_data if plugin_data is not None else PluginData()
        self.display_name = display_name or ""
        self.summary_description = summary_description or ""

    def SerializeToString(self) -> bytes:
        plugin = self.plugin_data.SerializeToString()
        return ((wire.message(1, plugin) if plugin else b"") + wire.string(2, self.display_name)
                + wire.string(3, self.summary_description))


def plugin_metadata(plugin_name: str, content: bytes = b"", description: str | None = None) -> bytes:
    """The serialized metadata of a summary read by ``plugin_name``."""
    return SummaryMetadata(summary_description=description,
                           plugin_data=PluginData(plugin_name, content)).SerializeToString()


def summary_value(tag: str, tensor: bytes, metadata: bytes = b"") -> bytes:
    """One ``Summary.Value`` entry of a ``Summary`` (a summary is the concatenation of its entries)."""
    return wire.message(1, wire.string(1, tag) + wire.message(8, tensor)
                        + (wire.message(9, metadata) if metadata else b""))


def event(wall_time: float, step: int = 0, *, file_version: str | None = None, graph_def: bytes | None = None,
          summary: bytes | None = None, source_writer: str | None = None) -> bytes:
    """An ``Event``: a time, a step, and one of a file version, a serialized graph or a summary."""
    return (wire.double(1, wall_time) + wire.uint(2, step)
            + (wire.message(3, file_version.encode()) if file_version is not None else b"")
            + (wire.message(4, graph_def) if graph_def is not None else b"")
            + (wire.message(5, summary) if summary is not None else b"")
            + (wire.message(10, wire.string(1, source_writer)) if source_writer else b""))
