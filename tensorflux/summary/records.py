"""TFRecord framing, the container of event files: each record is

    uint64 length | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data)

all little-endian. A reader can tell a complete record from a torn one at the end of a file that is
still being written (or whose writer was killed) by its length and checksums.

>>> framed = frame(b"hello")
>>> len(framed), framed[12:17]
(21, b'hello')
"""

from __future__ import annotations

import struct

from ..framework.errors import DataLossError
from .crc32c import masked_crc32c

_LENGTH = struct.Struct("<Q")
_CRC = struct.Struct("<I")


def frame(data: bytes) -> bytes:
    """One record, ready to append to a file."""
    length = _LENGTH.pack(len(data))
    return length + _CRC.pack(masked_crc32c(length)) + data + _CRC.pack(masked_crc32c(data))


def read_records(path, allow_partial_tail: bool = False) -> list[bytes]:
    """The records of a TFRecord file, their checksums verified.

    A torn last record (a writer killed mid-write, or still writing) raises ``DataLossError``
    unless ``allow_partial_tail``, in which case it is left out.
    """
    with open(path, "rb") as f:
        content = f.read()
    records, offset = [], 0
    while offset < len(content):
        header = content[offset:offset + 12]
        if len(header) < 12:
            return _torn(path, offset, records, allow_partial_tail)
        (length,), (length_crc,) = _LENGTH.unpack(header[:8]), _CRC.unpack(header[8:])
        if masked_crc32c(header[:8]) != length_crc:
            raise DataLossError(f"corrupted record at {offset} in {path}: bad length checksum")
        end = offset + 12 + length + 4
        if end > len(content):
            return _torn(path, offset, records, allow_partial_tail)
        data = content[offset + 12:end - 4]
        if masked_crc32c(data) != _CRC.unpack(content[end - 4:end])[0]:
            raise DataLossError(f"corrupted record at {offset} in {path}: bad data checksum")
        records.append(data)
        offset = end
    return records


def _torn(path, offset, records, allow_partial_tail):
    if allow_partial_tail:
        return records
    raise DataLossError(f"truncated record at {offset} in {path}")
