"""The PNG encoder: Pillow decodes every image back to its pixels; the filters and the zlib header
follow libpng (byte equality with TensorFlow's PNGs is checked in test_summary_tf_fixtures.py)."""

import io
import zlib

import numpy as np
import pytest
from PIL import Image

from tensorflux.errors import InvalidArgumentError
from tensorflux.summary.png import encode_png


def decode(png: bytes) -> np.ndarray:
    image = np.asarray(Image.open(io.BytesIO(png)))
    return image if image.ndim == 3 else image[..., None]


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, offset = [], 8
    while offset < len(png):
        length = int.from_bytes(png[offset:offset + 4], "big")
        kind, data = png[offset + 4:offset + 8], png[offset + 8:offset + 8 + length]
        assert int.from_bytes(png[offset + 8 + length:offset + 12 + length], "big") == zlib.crc32(kind + data)
        out.append((kind, data))
        offset += 12 + length
    return out


@pytest.mark.parametrize("shape", [(1, 1, 1), (1, 9, 3), (9, 1, 3), (5, 7, 1), (6, 5, 2), (4, 4, 3), (3, 8, 4),
                                   (64, 64, 3), (120, 100, 4)])
def test_pixels_round_trip_through_pillow(shape):
    image = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    np.testing.assert_array_equal(decode(encode_png(image)), image)


def test_smooth_image_round_trips_and_compresses():
    ramp = np.add.outer(np.arange(64), np.arange(64)).astype(np.uint8)
    image = np.stack([ramp, ramp.T, 255 - ramp], axis=-1)
    png = encode_png(image)
    np.testing.assert_array_equal(decode(png), image)
    assert len(png) < image.size / 4  # Sub/Up/Average/Paeth filters turn a ramp into a few repeated bytes


def test_chunks_and_idat_size():
    image = np.random.default_rng(0).integers(0, 256, (80, 80, 3), dtype=np.uint8)
    kinds = [kind for kind, _ in chunks(encode_png(image))]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and set(kinds[1:-1]) == {b"IDAT"}
    sizes = [len(data) for kind, data in chunks(encode_png(image)) if kind == b"IDAT"]
    assert len(sizes) > 1 and all(size == 8192 for size in sizes[:-1])


def test_small_image_states_its_window_in_the_zlib_header():
    idat = next(data for kind, data in chunks(encode_png(np.zeros((3, 4, 3), np.uint8))) if kind == b"IDAT")
    assert idat[0] == 0x08  # CINFO 0: a 256-byte window is enough for 39 bytes of rows
    assert (idat[0] * 256 + idat[1]) % 31 == 0


def test_row_filters_follow_libpng_heuristic():
    image = np.tile(np.arange(0, 240, 8, dtype=np.uint8)[None, :, None], (4, 1, 1))  # rows of a ramp
    idat = next(data for kind, data in chunks(encode_png(image)) if kind == b"IDAT")
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(4, 31)
    assert rows[0, 0] == 1  # Sub: the first row of a ramp differs by 8 from its left neighbour
    assert list(rows[1:, 0]) == [2, 2, 2]  # Up: later rows equal the row above


@pytest.mark.parametrize("shape, message", [((2, 2, 5), "1, 2, 3, or 4 channels, got 5"),
                                            ((0, 2, 3), "PNG encoding failed")])
def test_errors(shape, message):
    with pytest.raises(InvalidArgumentError, match=message):
        encode_png(np.zeros(shape, np.uint8))
