"""PNG encoding of 8-bit images, byte for byte as TensorFlow's ``EncodePng`` writes them.

TensorFlow calls libpng 1.6 with its defaults, and so does this encoder, with NumPy and zlib:

- each row gets the filter (None, Sub, Up, Average, Paeth) whose filtered bytes, read as signed,
  have the smallest sum of magnitudes; ties go to the earlier filter. A single row tries only
  None and Sub, a single column only None and Up;
- zlib at its default level with ``memLevel`` 9, strategy ``Z_FILTERED`` when rows are filtered,
  and a window just large enough for the image, whose size libpng then writes into the zlib
  header (CINFO) of small images;
- the compressed stream is cut into IDAT chunks of 8192 bytes.

>>> png = encode_png(np.zeros((3, 4, 3), np.uint8))
>>> png[:8], png[12:16]
(b'\\x89PNG\\r\\n\\x1a\\n', b'IHDR')
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from ..framework.errors import InvalidArgumentError

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}  # gray, gray + alpha, RGB, RGBA
_IDAT_SIZE = 8192  # libpng's PNG_ZBUF_SIZE
NONE, SUB, UP, AVERAGE, PAETH = range(5)


def encode_png(image) -> bytes:
    """A PNG of a ``uint8`` array ``[height, width, channels]`` with 1 to 4 channels."""
    height, width, channels = image.shape
    if channels not in _COLOR_TYPE:
        raise InvalidArgumentError(f"image must have 1, 2, 3, or 4 channels, got {channels}")
    if height == 0 or width == 0:
        raise InvalidArgumentError("PNG encoding failed")
    filters = _allowed_filters(height, width)
    rows = _filter_rows(np.ascontiguousarray(image, dtype=np.uint8).reshape(height, width * channels),
                        channels, filters)
    data_size = rows.size
    strategy = zlib.Z_DEFAULT_STRATEGY if filters == (NONE,) else zlib.Z_FILTERED
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, _window_bits(data_size), 9, strategy)
    stream = bytearray(compressor.compress(rows.tobytes()) + compressor.flush())
    _write_window_size(stream, data_size)
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPE[channels], 0, 0, 0)
    idat = [_chunk(b"IDAT", bytes(stream[i:i + _IDAT_SIZE])) for i in range(0, len(stream), _IDAT_SIZE)]
    return _SIGNATURE + _chunk(b"IHDR", header) + b"".join(idat) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _allowed_filters(height: int, width: int) -> tuple[int, ...]:
    """libpng drops the filters that would read a previous row or pixel the image does not have."""
    filters = {NONE, SUB, UP, AVERAGE, PAETH}
    if height == 1:
        filters -= {UP, AVERAGE, PAETH}
    if width == 1:
        filters -= {SUB, AVERAGE, PAETH}
    return tuple(sorted(filters))


def _filter_rows(raw, bpp: int, filters) -> np.ndarray:
    """Each row prefixed by its filter type byte and filtered by it: ``[height, 1 + row_bytes]``."""
    x = raw.astype(np.int16)
    prior = np.zeros_like(x)
    prior[1:] = x[:-1]
    left = np.zeros_like(x)
    left[:, bpp:] = x[:, :-bpp]
    upper_left = np.zeros_like(x)
    upper_left[1:, bpp:] = x[:-1, :-bpp]
    predictors = {NONE: 0, SUB: left, UP: prior, AVERAGE: (prior + left) >> 1,
                  PAETH: _paeth(left, prior, upper_left)}
    candidates = np.stack([(x - predictors[f]) & 0xFF for f in filters])  # [filters, height, row_bytes]
    if len(filters) == 1:
        choice = np.zeros(x.shape[0], dtype=np.intp)
    else:
        cost = np.minimum(candidates, 256 - candidates).sum(axis=2, dtype=np.int64)
        choice = np.argmin(cost, axis=0)  # the first of equal costs, as libpng's strict comparison
    chosen = np.take_along_axis(candidates, choice[None, :, None], axis=0)[0]
    types = np.asarray(filters, dtype=np.int16)[choice]
    return np.concatenate([types[:, None], chosen], axis=1).astype(np.uint8)


def _paeth(a, b, c):
    """The Paeth predictor: whichever of left, up, upper-left is nearest to ``left + up - upper_left``."""
    pa, pb, pc = np.abs(b - c), np.abs(a - c), np.abs(a + b - 2 * c)
    return np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))


def _window_bits(data_size: int) -> int:
    """libpng's deflate window: halved while the data (plus zlib's lookahead) fits in half of it."""
    bits = 15
    if data_size <= 16384:
        half = 1 << (bits - 1)
        while data_size + 262 <= half:
            half >>= 1
            bits -= 1
    return bits


def _write_window_size(stream: bytearray, data_size: int) -> None:
    """libpng's ``optimize_cmf``: the zlib header of a small image states the smallest sufficient window."""
    cmf = stream[0]
    if data_size > 16384 or cmf & 0x0F != 8 or cmf & 0xF0 > 0x70:
        return
    cinfo = cmf >> 4
    half = 1 << (cinfo + 7)
    if data_size > half:
        return
    while True:
        half >>= 1
        cinfo -= 1
        if not (cinfo > 0 and data_size <= half):
            break
    cmf = (cmf & 0x0F) | (cinfo << 4)
    flags = stream[1] & 0xE0
    flags += 0x1F - ((cmf << 8) + flags) % 0x1F
    stream[0], stream[1] = cmf, flags
