"""``keras.utils.get_file``: a file from a URL, kept in the Keras cache (``~/.keras`` or ``$KERAS_HOME``).

The download goes to a temporary file beside its target and is renamed into place only once it is
complete and its hash checks out, so a killed or corrupted download never leaves a broken file in
the cache (Keras writes straight to the target and deletes it on failure).
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import tempfile
import urllib.error
import urllib.parse
import warnings
import zipfile
from urllib import request

from ...train.atomic import atomic_path
from ..api_export import keras_export
from .progbar import Progbar, print_msg

_CHUNK_BYTES = 1 << 16


def keras_home() -> str:
    """Keras' home directory: ``$KERAS_HOME``, else ``~/.keras`` (``/tmp/.keras`` when home is read-only).

    Keras reads ``KERAS_HOME`` once, at import; this reads it at each call.
    """
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    return os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")


@keras_export("keras.utils.get_file")
def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None, cache_subdir="datasets",
             hash_algorithm="auto", extract=False, archive_format="auto", cache_dir=None,
             force_download=False) -> str:
    """Downloads a file from ``origin`` unless it is already in the cache; returns its path.

    The file lands in ``<cache_dir>/<cache_subdir>/<fname>``; ``cache_dir`` defaults to
    ``$KERAS_HOME`` or ``~/.keras``. With ``file_hash`` (sha256, or md5 for 32 hex digits), a
    cached file that does not match is downloaded again, and a download that does not match is
    an error.

    Args:
        fname: the file's name in the cache (defaults to the last part of ``origin``'s path).
        origin: the URL to download from.
        untar: deprecated: ``extract=True`` for a tar archive.
        md5_hash: deprecated: ``file_hash`` with ``hash_algorithm="md5"``.
        file_hash: the expected hash of the file.
        cache_subdir: sub-folder of the cache dir (an absolute path is used as it is).
        hash_algorithm: ``"md5"``, ``"sha256"`` or ``"auto"`` (chosen by the hash's length).
        extract: extract the (tar or zip) archive; the extraction folder is returned.
        archive_format: ``"auto"``, ``"tar"``, ``"zip"`` or ``None``.
        cache_dir: the cache dir.
        force_download: download even when the file is cached.

    >>> import os, tempfile
    >>> cache = tempfile.mkdtemp()
    >>> os.makedirs(os.path.join(cache, "datasets"))
    >>> _ = open(os.path.join(cache, "datasets", "hello.txt"), "w").write("hi")
    >>> path = get_file("hello.txt", "https://example.com/hello.txt", cache_dir=cache)  # cached: no download
    >>> open(path).read()
    'hi'
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    datadir = _cache_folder(cache_dir, cache_subdir)
    name = _file_name(fname, origin)
    target, extraction_dir = _targets(datadir, name, given=bool(fname), extract=extract or untar)

    if force_download or not os.path.exists(target):
        _download(origin, target, file_hash, hash_algorithm)
    elif file_hash is not None and not validate_file(target, file_hash, algorithm=hash_algorithm):
        print_msg(f"A local file was found, but it seems to be incomplete or outdated because the {hash_algorithm} "
                  f"file hash does not match the original value of {file_hash} so we will re-download the data.")
        _download(origin, target, file_hash, hash_algorithm)

    if extract or untar:
        if not extract_archive(target, extraction_dir, "tar" if untar else archive_format):
            warnings.warn("Could not extract archive.", stacklevel=2)
        return extraction_dir
    return target


def _cache_folder(cache_dir, cache_subdir) -> str:
    base = os.path.expanduser(keras_home() if cache_dir is None else os.fspath(cache_dir))
    if not os.access(base, os.W_OK) and os.path.exists(base):  # as Keras: fall back to a writable place
        base = os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    datadir = os.path.join(base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)
    return datadir


def _file_name(fname, origin) -> str:
    name = os.fspath(fname) if fname else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not name:
        raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'."
                         "Please specify the `fname` argument.")
    if fname and os.sep in name:
        raise ValueError("Paths are no longer accepted as the `fname` argument. To specify the file's parent "
                         f"directory, use the `cache_dir` argument. Received: fname={name}")
    return name


def _targets(datadir, name, given, extract):
    """Where the download goes and, for an archive, the folder it is extracted to (Keras' naming)."""
    if not extract:
        return os.path.join(datadir, name), None
    if given and "." in name:
        stem = name[:name.find(".")]
        return os.path.join(datadir, name), os.path.join(datadir, f"{stem}_extracted")
    return os.path.join(datadir, f"{name}_archive"), os.path.join(datadir, name)


def _download(origin, target, file_hash, hash_algorithm) -> None:
    """Streams ``origin`` into a temporary file, checks its hash, then renames it onto ``target``."""
    print_msg(f"Downloading data from {origin}")
    with atomic_path(target) as temporary:
        try:
            with request.urlopen(origin) as response, open(temporary, "wb") as out:
                _copy_with_progress(response, out)
        except urllib.error.HTTPError as e:
            raise Exception(f"URL fetch failure on {origin}: {e.code} -- {e.msg}") from e  # noqa: TRY002 (Keras' class)
        except urllib.error.URLError as e:
            raise Exception(f"URL fetch failure on {origin}: {e.errno} -- {e.reason}") from e  # noqa: TRY002
        if file_hash is not None and not validate_file(temporary, file_hash, algorithm=hash_algorithm):
            raise ValueError(f"Incomplete or corrupted file detected. The {hash_algorithm} file hash does not match "
                             f"the provided value of {file_hash}.")


def _copy_with_progress(response, out) -> None:
    length = response.headers.get("Content-Length") if getattr(response, "headers", None) else None
    bar = Progbar(int(length) if length else None)
    done = 0
    while chunk := response.read(_CHUNK_BYTES):
        out.write(chunk)
        done += len(chunk)
        bar.update(done)


def resolve_hasher(algorithm, file_hash=None):
    """sha256 when asked for or when ``"auto"`` sees a 64-digit hash; md5 otherwise (legacy hashes)."""
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None and len(file_hash) == 64):
        return hashlib.sha256()
    return hashlib.md5()


def hash_file(fpath, algorithm="sha256", chunk_size=65535) -> str:
    """The hex digest of a file (``algorithm``: a name, or a hashlib object)."""
    hasher = resolve_hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535) -> bool:
    """Whether the file's sha256 or md5 hash is ``file_hash``."""
    return str(hash_file(fpath, resolve_hasher(algorithm, file_hash), chunk_size)) == str(file_hash)


def extract_archive(file_path, path=".", archive_format="auto") -> bool:
    """Extracts a tar or zip archive into ``path``, skipping members that would land outside it."""
    if archive_format is None:
        return False
    formats = ["tar", "zip"] if archive_format == "auto" else [archive_format] if isinstance(
        archive_format, str) else list(archive_format)
    for kind in formats:
        if kind == "tar" and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                # the "data" filter (Python >= 3.10.12) also refuses links and devices that escape
                safety = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                archive.extractall(path, members=_inside(archive.getmembers(), path, lambda m: m.name), **safety)
            return True
        if kind == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                archive.extractall(path, members=_inside(archive.infolist(), path, lambda m: m.filename))
            return True
        if kind not in ("tar", "zip"):
            raise NotImplementedError(kind)
    return False


def _inside(members, base, name_of):
    base = os.path.realpath(base)
    for member in members:
        resolved = os.path.realpath(os.path.join(base, name_of(member)))
        if os.path.commonpath([resolved, base]) == base:
            yield member
        else:
            warnings.warn(f"Skipping invalid path during archive extraction: '{name_of(member)}'.", stacklevel=3)
