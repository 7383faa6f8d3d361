"""``keras.utils.get_file``: the cache, hashes, atomic downloads and extraction (no network)."""

import hashlib
import io
import os
import pathlib
import tarfile
import urllib.error
import zipfile

import pytest

from tensorflux import keras
from tensorflux.keras.utils import file_utils

from .fake_url import offline, serve

URL = "https://example.com/data/file.bin"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    return tmp_path


def test_cached_file_is_returned_without_downloading(home, monkeypatch):
    requested = serve(monkeypatch)
    (home / "datasets").mkdir()
    (home / "datasets" / "file.bin").write_bytes(b"cached")
    assert keras.utils.get_file("file.bin", URL) == str(home / "datasets" / "file.bin")
    assert requested == []


def test_cache_dir_defaults_to_keras_home_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    serve(monkeypatch, b"abc")
    path = keras.utils.get_file(origin=URL, cache_subdir="models")  # name taken from the URL
    assert path == str(tmp_path / ".keras" / "models" / "file.bin")
    assert pathlib.Path(path).read_bytes() == b"abc"


def test_download_lands_in_the_cache_and_is_checked(home, monkeypatch):
    payload = b"weights" * 1000
    requested = serve(monkeypatch, payload)
    for algorithm, digest in (("md5", hashlib.md5), ("sha256", hashlib.sha256)):
        name = f"w_{algorithm}.bin"
        path = keras.utils.get_file(name, URL, file_hash=digest(payload).hexdigest(), cache_dir=str(home / "c"))
        assert pathlib.Path(path).read_bytes() == payload
    assert requested == [URL, URL]
    assert sorted(os.listdir(home / "c" / "datasets")) == ["w_md5.bin", "w_sha256.bin"]  # no temporaries left


def test_wrong_hash_after_download_is_an_error_and_caches_nothing(home, monkeypatch):
    serve(monkeypatch, b"not what was expected")
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected. The auto file hash does not "
                                         "match the provided value of 0123456789abcdef0123456789abcdef."):
        keras.utils.get_file("f.bin", URL, file_hash="0123456789abcdef0123456789abcdef")
    assert os.listdir(home / "datasets") == []


def test_stale_cached_file_is_downloaded_again(home, monkeypatch, capsys):
    payload = b"fresh"
    (home / "datasets").mkdir()
    (home / "datasets" / "f.bin").write_bytes(b"stale")
    requested = serve(monkeypatch, payload)
    path = keras.utils.get_file("f.bin", URL, file_hash=hashlib.md5(payload).hexdigest())
    assert pathlib.Path(path).read_bytes() == payload and requested == [URL]
    assert "A local file was found, but it seems to be incomplete or outdated" in capsys.readouterr().out


def test_force_download(home, monkeypatch):
    (home / "datasets").mkdir()
    (home / "datasets" / "f.bin").write_bytes(b"old")
    serve(monkeypatch, b"new")
    assert pathlib.Path(keras.utils.get_file("f.bin", URL, force_download=True)).read_bytes() == b"new"


def test_unreachable_url_names_the_url(home, monkeypatch):
    offline(monkeypatch)
    with pytest.raises(Exception, match=f"URL fetch failure on {URL}: None -- .*name resolution"):
        keras.utils.get_file("f.bin", URL)
    assert os.listdir(home / "datasets") == []


def test_http_error_gives_code_and_reason(home, monkeypatch):
    serve(monkeypatch, error=urllib.error.HTTPError(URL, 404, "Not Found", {}, io.BytesIO()))
    with pytest.raises(Exception, match=f"URL fetch failure on {URL}: 404 -- Not Found"):
        keras.utils.get_file("f.bin", URL)


def test_killed_download_leaves_no_file(home, monkeypatch):
    serve(monkeypatch, b"x" * 300_000, fail_after=70_000)
    with pytest.raises(KeyboardInterrupt):
        keras.utils.get_file("f.bin", URL)
    assert os.listdir(home / "datasets") == []


def test_bad_arguments(home):
    with pytest.raises(ValueError, match='Please specify the "origin" argument'):
        keras.utils.get_file("f.bin")
    with pytest.raises(ValueError, match="Paths are no longer accepted as the `fname` argument"):
        keras.utils.get_file(os.path.join("a", "f.bin"), URL)
    with pytest.raises(ValueError, match="Can't parse the file name from the origin provided"):
        keras.utils.get_file(origin="https://example.com/")


def _tar_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_extract_tar_into_the_keras_named_folder(home, monkeypatch):
    serve(monkeypatch, _tar_bytes({"flowers/a.txt": b"a"}))
    folder = keras.utils.get_file("flowers.tgz", URL, extract=True)
    assert folder == str(home / "datasets" / "flowers_extracted")
    assert pathlib.Path(os.path.join(folder, "flowers", "a.txt")).read_text() == "a"


def test_extract_zip_skips_members_outside_the_folder(home, monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ok.txt", "fine")
        archive.writestr("../evil.txt", "escaped")
    serve(monkeypatch, buffer.getvalue())
    with pytest.warns(UserWarning, match="Skipping invalid path during archive extraction: '../evil.txt'"):
        folder = keras.utils.get_file(origin="https://example.com/bundle", extract=True)
    assert folder == str(home / "datasets" / "bundle")
    assert os.listdir(folder) == ["ok.txt"] and not (home / "datasets" / "evil.txt").exists()


def test_hash_helpers():
    assert file_utils.resolve_hasher("auto", "a" * 64).name == "sha256"
    assert file_utils.resolve_hasher("auto", "a" * 32).name == "md5"
