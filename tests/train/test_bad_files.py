"""Bad checkpoint files give clear errors that name the file and the problem."""

import h5py
import numpy as np
import pytest

import tensorflux as tf
from tensorflux.train import Checkpoint
from tensorflux.train.checkpoint_format import seal


def _edit(path):
    """Opens a checkpoint for a deliberate edit; the edited file is sealed again (a valid checksum)."""
    import contextlib

    @contextlib.contextmanager
    def editing():
        with h5py.File(path, "a") as f:
            yield f
        seal(path)

    return editing()


@pytest.fixture
def saved(tmp_path):
    return Checkpoint(v=tf.Variable(np.arange(1000, dtype=np.float32))).write(tmp_path / "good")


def _restore(path):
    return Checkpoint(v=tf.Variable(np.zeros(1000, np.float32))).restore(path)


def test_missing_checkpoint(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match=r"no checkpoint file .*nope\.h5 found.*the '-1' in"):
        _restore(tmp_path / "nope")


def test_a_directory_is_not_a_checkpoint(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="it is a directory.*tf.train.latest_checkpoint"):
        _restore(tmp_path)


def test_not_hdf5(tmp_path):
    (tmp_path / "junk.h5").write_bytes(b"this is not hdf5" * 10)
    with pytest.raises(tf.errors.DataLossError, match=r"junk\.h5 is not a tensorflux checkpoint: it does not start "
                                                      "with the tensorflux header"):
        _restore(tmp_path / "junk")


def test_truncated(saved, tmp_path):
    data = (tmp_path / "good.h5").read_bytes()
    (tmp_path / "cut.h5").write_bytes(data[: len(data) // 2])
    with pytest.raises(tf.errors.DataLossError, match=r"cut\.h5 is damaged: it has \d+ bytes where \d+ were written"):
        _restore(tmp_path / "cut")


def test_flipped_bytes_fail_the_checksum(saved, tmp_path):
    data = bytearray((tmp_path / "good.h5").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "flip.h5").write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match=r"flip\.h5 is damaged: its checksum does not match"):
        _restore(tmp_path / "flip")


def test_damaged_header(saved, tmp_path):
    data = bytearray((tmp_path / "good.h5").read_bytes())
    data[30:40] = b"##########"
    (tmp_path / "head.h5").write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match=r"head\.h5: the tensorflux header is damaged"):
        _restore(tmp_path / "head")


def test_the_file_is_still_plain_hdf5(saved, tmp_path):
    with h5py.File(tmp_path / "good.h5", "r") as f:
        assert f.attrs["tensorflux_format"] == "checkpoint"
        np.testing.assert_array_equal(f["root/v"][()], np.arange(1000, dtype=np.float32))


def test_hdf5_of_another_program(tmp_path):
    with h5py.File(tmp_path / "keras.h5", "w") as f:
        f.create_group("model_weights")
    with pytest.raises(tf.errors.DataLossError, match=r"keras\.h5 is an HDF5 file but not a tensorflux checkpoint "
                                                      r"\(a Keras weights file\?"):
        _restore(tmp_path / "keras")


def test_newer_format_version(saved, tmp_path):
    with _edit(tmp_path / "good.h5") as f:
        f.attrs["format_version"] = 99
    with pytest.raises(tf.errors.DataLossError, match="has format version 99; this tensorflux reads versions 1 to 1"):
        _restore(saved)
    data = (tmp_path / "good.h5").read_bytes().replace(b'"format_version": 1', b'"format_version": 7')
    (tmp_path / "good.h5").write_bytes(data)
    with pytest.raises(tf.errors.DataLossError, match="has format version 7; this tensorflux reads versions 1 to 1"):
        _restore(saved)


def test_links_outside_the_checkpoint_are_refused(saved, tmp_path):
    with _edit(tmp_path / "good.h5") as f:
        f["root/escape"] = h5py.SoftLink("/elsewhere")
    with pytest.raises(tf.errors.DataLossError, match="'escape' links outside the checkpoint"):
        _restore(saved)


def test_external_links_are_refused(saved, tmp_path):
    with _edit(tmp_path / "good.h5") as f:
        f["root/ext"] = h5py.ExternalLink("/etc/passwd", "/x")
    with pytest.raises(tf.errors.DataLossError, match="'ext' is an external link"):
        _restore(saved)


def test_a_value_without_dtype(saved, tmp_path):
    with _edit(tmp_path / "good.h5") as f:
        del f["root/v"].attrs["dtype"]
    with pytest.raises(tf.errors.DataLossError, match=r"good\.h5: variable 'v' has no 'dtype' attribute"):
        _restore(saved)


def test_a_value_of_the_wrong_shape(saved, tmp_path):
    with _edit(tmp_path / "good.h5") as f:
        del f["root/v"]
        f["root/v"] = np.zeros((3, 3), np.float32)
        f["root/v"].attrs["dtype"] = "float32"
    with pytest.raises(ValueError, match=r"incompatible tensor with shape \(3, 3\).*good\.h5"):
        _restore(saved)
