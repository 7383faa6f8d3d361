"""A checksummed header in the HDF5 *user block*: damage is found before HDF5 parses a byte.

HDF5 lets a file start with a user block that the library skips (``h5py.File(...,
userblock_size=512)``; h5py, h5dump and HDFView read such files as usual). tensorflux writes
its own header there, after the rest of the file is complete::

    TENSORFLUX checkpoint\\n
    {"format_version": 1, "size": 10520, "crc32": 2271912044}\\n
    (zero bytes up to 512)

``size`` is the length of the whole file and ``crc32`` the CRC-32 of everything after the user
block. A reader checks both before opening the file with HDF5, so a truncated or bit-flipped
file gives a clean ``DataLossError`` — the HDF5 library itself may hang or crash on some
damaged files. (The checksum guards against accidents, not against a deliberately crafted file.)
"""

from __future__ import annotations

import json
import os
import zlib

from ..framework.errors import DataLossError, NotFoundError

USERBLOCK_SIZE = 512
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_CHUNK = 1 << 20


def _magic(kind: str) -> bytes:
    return f"TENSORFLUX {kind}\n".encode()


def _crc32_after_userblock(f) -> int:
    f.seek(USERBLOCK_SIZE)
    crc = 0
    while chunk := f.read(_CHUNK):
        crc = zlib.crc32(chunk, crc)
    return crc


def seal(path: str, kind: str, format_version: int) -> None:
    """Writes the header of a complete file created with ``userblock_size=USERBLOCK_SIZE``."""
    with open(path, "r+b") as f:
        crc = _crc32_after_userblock(f)
        size = f.seek(0, os.SEEK_END)
        header = _magic(kind) + json.dumps({"format_version": format_version, "size": size, "crc32": crc}).encode()
        if len(header) + 1 > USERBLOCK_SIZE:
            raise ValueError("header too long for the user block")
        f.seek(0)
        f.write(header + b"\n" + bytes(USERBLOCK_SIZE - len(header) - 1))


def verify(path: str, kind: str, max_version: int) -> int:
    """Checks the header, length and checksum of ``path``; returns its format version."""
    if not os.path.isfile(path):
        raise NotFoundError(None, None, f"Checkpoint file {path} not found.")
    with open(path, "rb") as f:
        block = f.read(USERBLOCK_SIZE)
        if not block.startswith(_magic(kind)):
            if block.startswith(_HDF5_SIGNATURE):
                raise DataLossError(None, None, f"{path} is an HDF5 file but not a tensorflux {kind} (a Keras "
                                                "weights file? Those load with model.load_weights).")
            raise DataLossError(None, None, f"{path} is not a tensorflux {kind}: it does not start with the "
                                            f"tensorflux header (not an HDF5 file written by tensorflux).")
        try:
            fields = json.loads(block[len(_magic(kind)):].split(b"\n", 1)[0])
            version, size, crc = int(fields["format_version"]), int(fields["size"]), int(fields["crc32"])
        except (ValueError, KeyError, TypeError):
            raise DataLossError(None, None, f"{path}: the tensorflux header is damaged.") from None
        if not 1 <= version <= max_version:
            raise DataLossError(None, None, f"{path} has format version {version}; this tensorflux reads versions 1 "
                                            f"to {max_version}. Upgrade tensorflux to read it.")
        actual_size = f.seek(0, os.SEEK_END)
        if actual_size != size:
            raise DataLossError(None, None, f"{path} is damaged: it has {actual_size} bytes where {size} were "
                                            "written (truncated or appended to).")
        if _crc32_after_userblock(f) != crc:
            raise DataLossError(None, None, f"{path} is damaged: its checksum does not match its content "
                                            "(corrupted on disk or in transfer).")
    return version
