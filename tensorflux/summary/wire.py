"""The protocol-buffer wire format, encoding only: enough to write TensorFlow's event files.

A message is the concatenation of its fields. Each field is a key, ``field_number << 3 | wire_type``
as a varint, then the value: a varint, 8 little-endian bytes, a length-prefixed payload (strings,
bytes, sub-messages, packed repeated numbers) or 4 little-endian bytes. The message encoders in
this package write fields in field-number order, as protobuf's C++ serializer does, so that the
bytes equal TensorFlow's.

proto3 leaves out a scalar field that holds its default (0, empty), but a sub-message that is set
is written even when it is empty (``tensor_shape {}`` of a scalar): hence ``message`` always writes
and ``string``/``uint`` skip defaults.

>>> uint(2, 300).hex()
'10ac02'
"""

from __future__ import annotations

import struct

VARINT, FIXED64, LENGTH_DELIMITED, FIXED32 = 0, 1, 2, 5

_DOUBLE = struct.Struct("<d")
_FLOAT = struct.Struct("<f")


def varint(value: int) -> bytes:
    """Base-128 digits, least significant first; a negative int64 takes ten bytes (two's complement)."""
    if value < 0:
        value += 1 << 64
    if value < 0x80:
        return bytes((value,))
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def key(number: int, wire_type: int) -> bytes:
    return varint(number << 3 | wire_type)


def uint(number: int, value: int) -> bytes:
    """An int32/int64/uint64/bool/enum field; nothing when it is zero (proto3's default)."""
    return key(number, VARINT) + varint(int(value)) if value else b""


def double(number: int, value: float) -> bytes:
    """A ``double`` field; nothing when it is +0.0 (proto3 compares the bits, so -0.0 is written)."""
    raw = _DOUBLE.pack(value)
    return key(number, FIXED64) + raw if raw != b"\0" * 8 else b""


def float32(number: int, value: float) -> bytes:
    """A ``float`` field; nothing when it is +0.0."""
    raw = _FLOAT.pack(value)
    return key(number, FIXED32) + raw if raw != b"\0" * 4 else b""


def message(number: int, payload: bytes) -> bytes:
    """A sub-message (or a bytes element of a repeated field): always written, even when empty."""
    return key(number, LENGTH_DELIMITED) + varint(len(payload)) + payload


def string(number: int, value) -> bytes:
    """A ``string``/``bytes`` field (str is UTF-8 encoded); nothing when it is empty."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    return message(number, value) if value else b""


def repeated_strings(number: int, values) -> bytes:
    """Each element of a repeated ``bytes`` field, empty ones included."""
    return b"".join(message(number, v.encode("utf-8") if isinstance(v, str) else bytes(v)) for v in values)


def packed_varints(number: int, values) -> bytes:
    """A packed repeated int/bool/enum field; nothing when there are no values."""
    payload = b"".join(varint(int(v)) for v in values)
    return message(number, payload) if payload else b""


def packed_fixed(number: int, raw: bytes) -> bytes:
    """A packed repeated float/double field from its little-endian bytes; nothing when empty."""
    return message(number, raw) if raw else b""
