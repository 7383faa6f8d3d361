"""``keras.saving.save_model`` / ``load_model`` / ``save_weights`` / ``load_weights``: the file's
extension picks the format — ``.keras`` (Keras 3), ``.weights.h5`` (weights only), ``.h5``/``.hdf5``
(legacy Keras 2)."""

from __future__ import annotations

import io
import logging as _logging
import os
import zipfile

from ..api_export import keras_export
from . import keras_archive, legacy_h5
from .file_errors import file_error

_LEGACY_SUFFIXES = (".h5", ".hdf5")
_LOG = _logging.getLogger("absl")  # where Keras 3 writes these warnings


@keras_export(["keras.saving.save_model", "keras.models.save_model"])
def save_model(model, filepath, overwrite: bool = True, zipped=None, **kwargs) -> None:
    """Saves a model as a ``.keras`` file (or, with a ``.h5`` name, in the legacy HDF5 format).

    Args:
        model: the model to save.
        filepath: ``str`` or ``pathlib.Path`` ending in ``.keras`` (or ``.h5``), or a binary file object.
        overwrite: when ``False`` and the file exists, nothing is written.
        zipped: only the zipped ``.keras`` format is supported (``None`` or ``True``).
        include_optimizer: legacy ``.h5`` only: whether the optimizer's state is saved too.

    >>> import os, tempfile
    >>> from tensorflux import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> keras.saving.save_model(model, path)
    >>> keras.saving.load_model(path).output_shape
    (None, 2)
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", False)
    path = None if isinstance(filepath, io.IOBase) else os.fspath(filepath)
    if save_format:
        if path is not None and path.endswith((*_LEGACY_SUFFIXES, ".keras")):
            _LOG.warning("The `save_format` argument is deprecated in Keras 3. We recommend removing this argument "
                            f"as it can be inferred from the file path. Received: save_format={save_format}")
        else:
            raise ValueError("The `save_format` argument is deprecated in Keras 3. Please remove this argument and "
                             "pass a file path with either `.keras` or `.h5` extension."
                             f"Received: save_format={save_format}")
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs.keys())}")
    if zipped is False:
        raise ValueError("`zipped=False` (saving to a directory) is not supported by tensorflux; save to a `.keras` "
                         "file.")
    if path is not None and path.endswith(_LEGACY_SUFFIXES):
        _LOG.warning("You are saving your model as an HDF5 file via `model.save()` or "
                        "`keras.saving.save_model(model)`. This file format is considered legacy. We recommend using "
                        "instead the native Keras format, e.g. `model.save('my_model.keras')` or "
                        "`keras.saving.save_model(model, 'my_model.keras')`. ")
    if path is not None and not overwrite and os.path.exists(path):
        return
    if path is None or path.endswith(".keras"):
        keras_archive.save_model(model, filepath)
        return
    if path.endswith(_LEGACY_SUFFIXES):
        legacy_h5.save_model_to_hdf5(model, path, include_optimizer=include_optimizer)
        return
    raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` extension for the native "
                     "Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` if you want to "
                     f"export a SavedModel for use with TFLite/TFServing/etc. Received: filepath={filepath}.")


@keras_export(["keras.saving.load_model", "keras.models.load_model"])
def load_model(filepath, custom_objects=None, compile=True, safe_mode: bool = True):
    """Loads a model saved with ``model.save()`` (``.keras``, or legacy Keras 2 ``.h5``).

    Args:
        filepath: path to the file (or a binary file object holding a ``.keras`` archive).
        custom_objects: ``{name: class or function}`` for the custom objects the config names.
        compile: whether to compile the model as it was saved (optimizer state included).
        safe_mode: refuse to run code stored in the file (a ``Lambda``'s lambda); pass ``False``
            only for files you trust.

    >>> import os, tempfile
    >>> from tensorflux import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> model.save(path)
    >>> [w.shape for w in keras.saving.load_model(path).get_weights()]
    [(3, 2), (2,)]
    """
    if isinstance(filepath, io.IOBase):
        return keras_archive.load_model(filepath, custom_objects, compile, safe_mode)
    path = os.fspath(filepath)
    if path.endswith(".keras") or (os.path.isfile(path) and zipfile.is_zipfile(path)):
        return keras_archive.load_model(path, custom_objects, compile, safe_mode)
    if path.endswith(_LEGACY_SUFFIXES):
        return legacy_h5.load_model_from_hdf5(path, custom_objects, compile, safe_mode)
    if not os.path.exists(path):
        raise file_error(path, "no such file.")
    raise ValueError(f"File format not supported: filepath={path}. Keras 3 only supports V3 `.keras` files and "
                     "legacy H5 format files (`.h5` extension). Note that the legacy SavedModel format is not "
                     "supported by `load_model()` in Keras 3.")


@keras_export(["keras.saving.save_weights"])
def save_weights(model, filepath, overwrite: bool = True, max_shard_size=None, **kwargs) -> None:
    """Saves every variable of ``model`` to a ``.weights.h5`` file (Keras 3's layout)."""
    if max_shard_size is not None:
        raise ValueError("`max_shard_size` (sharded weights) is not supported by tensorflux.")
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = os.fspath(filepath)
    if not path.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={path}")
    if not overwrite and os.path.exists(path):
        return
    keras_archive.save_weights_only(model, path)


@keras_export(["keras.saving.load_weights"])
def load_weights(model, filepath, skip_mismatch: bool = False, **kwargs) -> None:
    """Loads weights from a ``.weights.h5``, a ``.keras`` or a legacy Keras 2 ``.h5`` file.

    Args:
        model: the (built) model to fill.
        filepath: the file.
        skip_mismatch: skip (with a warning) the weights whose shapes do not match.
        by_name: legacy ``.h5`` only: match layers by name instead of by order.
    """
    path = os.fspath(filepath)
    by_name = kwargs.pop("by_name", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    if path.endswith((".keras", ".weights.h5")):
        if by_name is not None:
            raise ValueError(f"`by_name` only supports loading legacy '.h5' or '.hdf5' files. Received: {filepath}")
        keras_archive.load_weights_only(model, path, skip_mismatch=skip_mismatch)
    elif path.endswith(_LEGACY_SUFFIXES):
        legacy_h5.load_weights_from_hdf5(model, path, by_name=bool(by_name), skip_mismatch=skip_mismatch)
    else:
        raise ValueError(f"File format not supported: filepath={filepath}. Keras 3 only supports V3 `.keras` files, "
                         "`.weights.h5` files, or legacy H5 format files (`.h5` extension).")
