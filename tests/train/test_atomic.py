"""Atomic writes: the target holds the old content or the new, never a partial file."""

import os

import pytest

from tensorflux.train.atomic import TEMPORARY_MARKER, atomic_path, atomic_write, write_text_atomically


def _leftovers(directory):
    return [name for name in os.listdir(directory) if TEMPORARY_MARKER in name]


def test_atomic_write_replaces_the_file(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    with atomic_write(target, "w") as f:
        f.write("new")
        assert target.read_text() == "old"  # nothing visible until the block ends
    assert target.read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(tmp_path):
    target = tmp_path / "f.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"), atomic_write(target) as f:
        f.write(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_atomic_path_gives_a_temporary_in_the_same_directory(tmp_path):
    target = tmp_path / "sub" / "data.bin"  # the directory is created
    with atomic_path(target) as temporary:
        assert os.path.dirname(temporary) == str(tmp_path / "sub")
        assert temporary != str(target)
        with open(temporary, "wb") as f:
            f.write(b"abc")
    assert target.read_bytes() == b"abc"
    assert _leftovers(tmp_path / "sub") == []


def test_write_text_atomically_overwrites(tmp_path):
    target = tmp_path / "state"
    write_text_atomically(target, "one")
    write_text_atomically(target, "two ü")
    assert target.read_text(encoding="utf-8") == "two ü"


def test_atomic_write_refuses_append_modes(tmp_path):
    with pytest.raises(ValueError, match="mode must start with 'w'"), atomic_write(tmp_path / "f", "a"):
        pass
