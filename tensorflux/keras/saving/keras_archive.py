"""The Keras 3 model file: a ``.keras`` zip of ``metadata.json``, ``config.json``, ``model.weights.h5``.

``config.json`` is ``serialize_keras_object(model)`` (architecture, build and compile configs);
``model.weights.h5`` holds every variable in Keras' group layout (see ``state_walk``), the
optimizer's included, so training resumes where it stopped. Members are stored uncompressed, as
Keras writes them. Writing is atomic (a temporary file beside the target, then a rename).

Reading never writes anything to disk and never runs code found in the file (``safe_mode``):
members are read into memory, and an archive whose member names could escape a directory
(``../x``, absolute paths) is refused outright.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import posixpath
import warnings
import zipfile

from ...train.atomic import atomic_path
from .file_errors import errors_name_file, file_error
from .h5_store import H5Store
from .state_walk import load_state, save_state

CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
WEIGHTS_FILENAME = "model.weights.h5"
KERAS_VERSION = "3.15.1"  # the Keras whose format (and public names) tensorflux follows

# A member declaring far more bytes than it stores is a decompression bomb.
_BOMB_FLOOR_BYTES = 1 << 30
_MAX_EXPANSION = 100


def save_model(model, filepath) -> None:
    """Writes ``model`` to ``filepath`` (a ``.keras`` path or a binary file object)."""
    if not model.built:
        warnings.warn("You are saving a model that has not yet been built. It might not contain any weights yet. "
                      "Consider building the model first by calling it on some data.", stacklevel=3)
    if isinstance(filepath, io.IOBase):
        _write_archive(model, filepath)
        return
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError(f"Invalid `filepath` argument: expected a `.keras` extension. Received: filepath={filepath}")
    with atomic_path(filepath) as temporary, open(temporary, "wb") as f:
        _write_archive(model, f)


def _write_archive(model, fileobj) -> None:
    from .serialization import serialize_keras_object

    config_json = json.dumps(serialize_keras_object(model), default=_json_default)
    metadata_json = json.dumps({"keras_version": KERAS_VERSION,
                                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")})
    weights = io.BytesIO()
    store = H5Store(weights, mode="w")
    try:
        save_state(model, store)
    finally:
        store.close()
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(METADATA_FILENAME, metadata_json)
        archive.writestr(CONFIG_FILENAME, config_json)
        archive.writestr(WEIGHTS_FILENAME, weights.getvalue())


def _json_default(obj):
    import numpy as np

    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model a ``.keras`` file (path or binary file object) describes, with its weights."""
    with errors_name_file(filepath), _open_archive(filepath) as archive:
        config = _read_json(archive, filepath, CONFIG_FILENAME)
        if not isinstance(config, dict):
            raise file_error(filepath, f"{CONFIG_FILENAME} does not describe a Keras object (found a "
                                       f"{type(config).__name__}).")
        if not compile:
            config["compile_config"] = None
        model = _model_from_config(config, custom_objects, safe_mode)
        if WEIGHTS_FILENAME not in archive.namelist():
            raise file_error(filepath, f"the archive has no {WEIGHTS_FILENAME} (members: {archive.namelist()}).")
        store = H5Store(io.BytesIO(read_member(archive, WEIGHTS_FILENAME)), mode="r")
        try:
            errors = {}
            load_state(model, store, errors=errors)
        finally:
            store.close()
        if errors:
            raise file_error(filepath, loading_failure_message(errors))
    return model


def _model_from_config(config, custom_objects, safe_mode):
    from .serialization import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)


def loading_failure_message(errors: dict) -> str:
    saveable, error = next(iter(errors.values()))
    return (f"A total of {len(errors)} objects could not be loaded. Example error message for object {saveable}:\n\n"
            f"{error}\n\nList of objects that could not be loaded:\n{[x[0] for x in errors.values()]}")


def _open_archive(filepath) -> zipfile.ZipFile:
    """The zip, its member names checked; a clear error when it is not a zip at all."""
    if not isinstance(filepath, io.IOBase):
        path = os.fspath(filepath)
        if not os.path.exists(path):
            raise file_error(path, "no such file.")
        if not zipfile.is_zipfile(path):
            raise file_error(path, "not a .keras archive (a .keras file is a zip file; this one has no zip "
                                   "directory: it is truncated, or not a zip at all).")
    try:
        archive = zipfile.ZipFile(filepath, "r")
    except zipfile.BadZipFile as e:
        raise file_error(filepath, f"not a valid .keras archive: {e}.") from e
    for name in archive.namelist():
        if not is_safe_member_name(name):
            archive.close()
            raise file_error(filepath, f"the archive contains a member with an unsafe path {name!r} (it could be "
                                       "written outside the target directory); refusing to load it.")
    return archive


def is_safe_member_name(name: str) -> bool:
    """Relative, no ``..`` component, no backslash or drive tricks."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return False
    return ".." not in posixpath.normpath(name).split("/") and ".." not in name.split("/")


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes (its CRC is checked by ``zipfile``), refusing decompression bombs."""
    info = archive.getinfo(name)
    if info.file_size > _BOMB_FLOOR_BYTES and info.file_size > _MAX_EXPANSION * max(info.compress_size, 1):
        raise ValueError(f"member {name!r} declares {info.file_size} bytes but stores only {info.compress_size}; "
                         "refusing to load a potential decompression bomb.")
    return archive.read(name)


def _read_json(archive, filepath, name):
    if name not in archive.namelist():
        raise file_error(filepath, f"the archive has no {name} (members: {archive.namelist()}); it is not a complete "
                                   ".keras file.")
    raw = read_member(archive, name)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise file_error(filepath, f"{name} is not valid JSON: {e}.") from e


def save_weights_only(model, filepath) -> None:
    """Writes every variable of ``model`` (optimizer included) to a ``.weights.h5`` file, atomically."""
    if not model.built:
        raise ValueError("You are saving a model that has not yet been built. Try building the model first by calling "
                         "it on some data or by using `build()`.")
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={filepath}")
    with atomic_path(filepath) as temporary:
        store = H5Store(temporary, mode="w")
        try:
            save_state(model, store)
        finally:
            store.close()


def load_weights_only(model, filepath, skip_mismatch: bool = False) -> None:
    """Reads variables written by ``save_weights_only`` (or the weights inside a ``.keras`` file)."""
    if not model.built:
        raise ValueError("You are loading weights into a model that has not yet been built. Try building the model "
                         "first by calling it on some data or by using `build()`.")
    filepath = os.fspath(filepath)
    with errors_name_file(filepath):
        if filepath.endswith(".keras"):
            with _open_archive(filepath) as archive:
                store = H5Store(io.BytesIO(read_member(archive, WEIGHTS_FILENAME)), mode="r")
        else:
            if not os.path.exists(filepath):
                raise file_error(filepath, "no such file.")
            store = H5Store(filepath, mode="r")
        try:
            errors = {}
            load_state(model, store, errors=errors)
        finally:
            store.close()
        if errors:
            if not skip_mismatch:
                raise file_error(filepath, loading_failure_message(errors))
            warnings.warn(loading_failure_message(errors), stacklevel=3)
