"""tf.io: files, image decoding and encoding (against TF's decodes of the same bytes), gfile."""

from __future__ import annotations

import json
import os
import pathlib

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.framework import errors

from .fixture_format import clean_message

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "data"
with open(FIXTURES / "codecs.json") as f:
    CODECS = json.load(f)["cases"]
ARRAYS = np.load(FIXTURES / "codecs.npz")


def _contents(case):
    if "bytes" in case:
        return bytes(case["bytes"])
    return ARRAYS[f"file_{case['file']}"].tobytes()


def _call(case, contents):
    kwargs = {k: getattr(tf, v) if k == "dtype" else v for k, v in case["arguments"].items()}
    kwargs.pop("dct_method", None)  # tensorflux decodes as TF's INTEGER_ACCURATE, always
    return getattr(tf.io, case["op"])(contents, **kwargs)


@pytest.mark.parametrize("case", CODECS, ids=[f"{c.get('file', 'bytes')}-{c['op']}-{c['arguments']}" for c in CODECS])
def test_decode_matches_tf(case):
    contents = _contents(case)
    if "error" in case:
        with pytest.raises(errors.InvalidArgumentError) as info:
            _call(case, contents)
        if "Unknown image file format" in case["message"] or "channels" in case["message"] or "empty" in case["message"]:
            assert clean_message(str(info.value)) == case["message"]
        return
    expected = ARRAYS[case["result"]]
    ours = _call(case, contents).numpy()
    assert ours.dtype == expected.dtype and ours.shape == expected.shape
    if case["file"].startswith("jpeg") and "dct_method" not in case["arguments"]:
        # TF's default IDCT (INTEGER_FAST) differs from the accurate one by a few levels
        assert np.abs(ours.astype(int) - expected.astype(int)).max() <= 4
    else:
        np.testing.assert_array_equal(ours, expected)


def test_decoding_a_corrupt_file_names_the_file(tmp_path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    with pytest.raises(errors.InvalidArgumentError, match="broken.png"):
        tf.io.decode_image(tf.io.read_file(str(path)))
    truncated = tmp_path / "half.png"
    truncated.write_bytes(ARRAYS["file_png_rgb"].tobytes()[:70])
    with pytest.raises(errors.InvalidArgumentError, match="half.png"):
        tf.io.decode_png(tf.io.read_file(str(truncated)))


def test_encode_then_decode_round_trips():
    rgb = np.random.default_rng(0).integers(0, 256, (5, 4, 3), dtype=np.uint8)
    for channels in (1, 2, 3, 4):
        image = np.random.default_rng(channels).integers(0, 256, (3, 2, channels), dtype=np.uint8)
        np.testing.assert_array_equal(tf.io.decode_png(tf.io.encode_png(image)).numpy(), image)
    deep = np.array([[[0], [65535], [1234]]], np.uint16)
    np.testing.assert_array_equal(tf.io.decode_png(tf.io.encode_png(deep), dtype=tf.uint16).numpy(), deep)
    smooth = np.broadcast_to(np.arange(0, 240, 10, dtype=np.uint8)[:, None, None], (24, 16, 3)).copy()
    jpeg = tf.io.encode_jpeg(smooth, quality=100, chroma_downsampling=False)
    assert tf.io.is_jpeg(jpeg).numpy() and not tf.io.is_jpeg(tf.io.encode_png(rgb)).numpy()
    assert np.abs(tf.io.decode_jpeg(jpeg).numpy().astype(int) - smooth).max() <= 2
    with pytest.raises(errors.InvalidArgumentError, match="not in the list of allowed values"):
        tf.io.encode_png(rgb.astype(np.float32))


def test_read_and_write_files(tmp_path):
    path = str(tmp_path / "a.bin")
    tf.io.write_file(path, b"\x00\x01abc")
    assert tf.io.read_file(path).numpy() == b"\x00\x01abc"
    with pytest.raises(errors.NotFoundError, match="No such file or directory"):
        tf.io.read_file(str(tmp_path / "missing"))
    with pytest.raises(errors.NotFoundError):
        tf.io.write_file(str(tmp_path / "no" / "dir.txt"), "x")


def test_codecs_trace_into_graphs():
    @tf.function
    def roundtrip(image):
        return tf.io.decode_png(tf.io.encode_png(image), channels=3)

    image = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    np.testing.assert_array_equal(roundtrip(image).numpy(), image)


def test_gfile(tmp_path):
    gfile = tf.io.gfile
    folder = str(tmp_path / "x" / "y")
    gfile.makedirs(folder)
    assert gfile.isdir(folder) and gfile.exists(folder)
    with gfile.GFile(os.path.join(folder, "f.txt"), "w") as f:
        f.write("hello\nworld\n")
    with gfile.GFile(os.path.join(folder, "f.txt")) as f:
        assert f.read() == "hello\nworld\n"
        assert f.size() == 12
    assert gfile.listdir(folder) == ["f.txt"]
    assert gfile.glob(str(tmp_path / "x" / "*" / "*.txt")) == [os.path.join(folder, "f.txt")]
    gfile.copy(os.path.join(folder, "f.txt"), os.path.join(folder, "g.txt"))
    with pytest.raises(errors.AlreadyExistsError):
        gfile.copy(os.path.join(folder, "f.txt"), os.path.join(folder, "g.txt"))
    gfile.rename(os.path.join(folder, "g.txt"), os.path.join(folder, "h.txt"))
    assert gfile.stat(os.path.join(folder, "h.txt")).length == 12
    assert sorted(gfile.listdir(folder)) == ["f.txt", "h.txt"]
    gfile.remove(os.path.join(folder, "h.txt"))
    with pytest.raises(errors.NotFoundError):
        gfile.remove(os.path.join(folder, "h.txt"))
    gfile.rmtree(str(tmp_path / "x"))
    assert not gfile.exists(folder)
