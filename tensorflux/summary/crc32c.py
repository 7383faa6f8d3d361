"""CRC-32C (Castagnoli), the checksum of TFRecord framing, and TensorFlow's "masked" form of it.

The CRC register is updated one byte at a time through a 256-entry table (the reflected polynomial
0x82F63B78). Short inputs — nearly every event — go through that loop in Python. Long inputs (a
graph, a large image) are cut into equal lanes whose CRCs NumPy computes side by side, one byte
position per step for all lanes at once, and the lanes are then chained: a CRC is linear, so the
register after ``A + B`` is ``shift(register after A, len(B)) ^ crc_from_zero(B)``, where ``shift``
(running ``len(B)`` zero bytes through the register) is itself linear and tabulated per byte.

>>> hex(crc32c(b"123456789"))
'0xe3069283'
"""

from __future__ import annotations

import functools

import numpy as np

_POLY = 0x82F63B78
_MASK_DELTA = 0xA282EAD8
_VECTOR_MIN = 8192  # below this, the plain loop is as fast as setting up the lanes


def _byte_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ _POLY if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _byte_table()
_TABLE_NP = np.array(_TABLE, dtype=np.uint32)


def _update(register: int, data) -> int:
    """The register after ``data`` (no initial or final inversion)."""
    table = _TABLE
    for byte in data:
        register = table[(register ^ byte) & 0xFF] ^ (register >> 8)
    return register


@functools.cache
def _shift_tables(length: int) -> tuple[list[int], ...]:
    """Four byte tables whose XOR maps a register to the register after ``length`` zero bytes."""
    states = np.array([b << (8 * j) for j in range(4) for b in range(256)], dtype=np.uint32)
    for _ in range(length):
        states = _TABLE_NP[states & 0xFF] ^ (states >> 8)
    return tuple(states[256 * j:256 * (j + 1)].tolist() for j in range(4))


def _update_lanes(register: int, data: bytes) -> int:
    """The register after ``data``, computing equal lanes in parallel with NumPy."""
    lane_len = 1 << max(5, (len(data) // 4).bit_length() // 2)  # ~ sqrt(len/4): balances both loops
    lanes = len(data) // lane_len
    block = np.frombuffer(data, dtype=np.uint8, count=lanes * lane_len).reshape(lanes, lane_len)
    columns = np.ascontiguousarray(block.T)  # row i: the i-th byte of every lane
    crcs = np.zeros(lanes, dtype=np.uint32)
    for column in columns:
        crcs = _TABLE_NP[(crcs ^ column) & 0xFF] ^ (crcs >> 8)
    t0, t1, t2, t3 = _shift_tables(lane_len)
    for lane_crc in crcs.tolist():
        register = (t0[register & 0xFF] ^ t1[(register >> 8) & 0xFF] ^ t2[(register >> 16) & 0xFF]
                    ^ t3[register >> 24] ^ lane_crc)
    return _update(register, data[lanes * lane_len:])


def crc32c(data) -> int:
    """The CRC-32C of ``data`` (bytes-like)."""
    data = bytes(data)
    if len(data) >= _VECTOR_MIN:
        return _update_lanes(0xFFFFFFFF, data) ^ 0xFFFFFFFF
    return _update(0xFFFFFFFF, data) ^ 0xFFFFFFFF


def masked_crc32c(data) -> int:
    """TensorFlow's masked CRC: rotated right by 15 bits plus a constant (CRCs of CRCs stay distinct).

    >>> hex(masked_crc32c(b""))
    '0xa282ead8'
    """
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF
