"""The HDF5 variable store of ``.keras`` and ``.weights.h5`` files, in Keras 3's group layout.

Each saveable object (a layer, a model, an optimizer) owns one group ``<path>/vars`` whose
datasets are its variables, named ``"0"``, ``"1"``, … in the object's own order, with the
object's name as the group's ``name`` attribute. Paths are Keras': ``layers/dense/vars``,
``optimizer/vars``, and ``vars`` for the model itself.

Reading is defensive (the file may be hostile): links, external and virtual datasets are
refused, and a dataset may not declare much more memory than the file holds.
"""

from __future__ import annotations

import io
import math

import h5py
import numpy as np

# A dataset declaring more than this many bytes, and far more than it stores, is a "shape bomb".
_BOMB_FLOOR_BYTES = 1 << 30
_MAX_EXPANSION = 1000


class H5Store:
    """Groups of named arrays in an HDF5 file: ``make(path)`` to write, ``get(path)`` to read.

    >>> import io
    >>> import numpy as np
    >>> buffer = io.BytesIO()
    >>> store = H5Store(buffer, mode="w")
    >>> store.make("layers/dense", {"name": "dense"})["0"] = np.ones(2, "float32")
    >>> store.close()
    >>> H5Store(io.BytesIO(buffer.getvalue())).get("layers/dense")["0"]
    array([1., 1.], dtype=float32)
    """

    def __init__(self, path_or_io, mode: str = "r"):
        if mode not in ("r", "w"):
            raise ValueError(f"`mode` should be either 'w' or 'r'. Received: {mode}")
        self.mode = mode
        self.h5_file = h5py.File(path_or_io, mode=mode)
        self._path = None
        self._group = {}
        self._metadata = None

    def make(self, path: str, metadata: dict | None = None) -> H5Store:
        """Points the store at the group of ``path`` (created now when there is metadata, else on first write)."""
        self._path, self._metadata, self._group = path, metadata, None
        if metadata:
            self._create_group()
        return self

    def get(self, path: str) -> H5Store:
        """Points the store at the variables of ``path`` (an empty store when the file has none)."""
        self._path, self._group = path, {}
        if not path:
            if "vars" in self.h5_file:
                self._group = safe_group(self.h5_file, "vars")
            return self
        if path in self.h5_file:
            group = safe_group(self.h5_file, path)
            if "vars" in group:
                self._group = safe_group(group, "vars")
        return self

    def has_path(self, path: str) -> bool:
        return path in self.h5_file

    def _create_group(self):
        parent = self.h5_file.require_group(self._path) if self._path else self.h5_file
        self._group = parent.create_group("vars")
        for key, value in (self._metadata or {}).items():
            self._group.attrs[key] = value

    def keys(self):
        return list(self._group.keys())

    def __len__(self) -> int:
        return len(self._group)

    def __contains__(self, key) -> bool:
        return key in self._group

    def __getitem__(self, key):
        dataset = safe_dataset(self._group, key)
        if dataset.attrs.get("dtype") == "bfloat16":
            import ml_dtypes

            raw = np.asarray(dataset[()])  # stored as 2-byte opaque values (HDF5 has no bfloat16)
            return raw.view(ml_dtypes.bfloat16) if raw.dtype.kind == "V" else raw.astype(ml_dtypes.bfloat16)
        return np.asarray(dataset[()])

    def __setitem__(self, key, value):
        if self.mode != "w":
            raise ValueError("Setting a value is only allowed in write mode.")
        if self._group is None:
            self._create_group()
        value = np.asarray(value)
        if value.dtype.name == "bfloat16":  # HDF5 has no bfloat16: stored as its bits, as Keras does
            dataset = self._group.create_dataset(key, data=value)
            dataset.attrs["dtype"] = "bfloat16"
        else:
            self._group[key] = value

    def close(self):
        self.h5_file.close()


def open_store_from_bytes(data: bytes) -> H5Store:
    return H5Store(io.BytesIO(data), mode="r")


def safe_group(parent, path: str):
    """The group at ``path``, refusing soft and external links (they could point anywhere)."""
    current = parent
    for part in path.split("/"):
        if not part:
            raise ValueError(f"Invalid path in H5 file: {path!r}")
        if part not in current:
            raise KeyError(path)
        link = current.get(part, default=None, getclass=True, getlink=True)
        if link in (h5py.ExternalLink, h5py.SoftLink):
            raise ValueError(f"Not allowed: H5 file with a {link.__name__} at {path!r}")
        current = current[part]
        if not isinstance(current, h5py.Group):
            raise ValueError(f"Invalid H5 file: expected a group at {path!r}, found {type(current).__name__}")  # noqa: TRY004
    return current


def safe_dataset(group, name: str):
    """The dataset ``name`` of ``group``: no links, no external or virtual storage, no shape bombs."""
    if "/" in name:
        parent, name = name.rsplit("/", 1)
        group = safe_group(group, parent)
    if name not in group:
        raise KeyError(name)
    link = group.get(name, default=None, getclass=True, getlink=True)
    if link in (h5py.ExternalLink, h5py.SoftLink):
        raise ValueError(f"Not allowed: H5 file with a {link.__name__} at {name!r}")
    dataset = group[name]
    if not isinstance(dataset, h5py.Dataset):
        raise ValueError(f"Invalid H5 file: expected a dataset at {name!r}, found {type(dataset).__name__}")  # noqa: TRY004
    if dataset.external:
        raise ValueError(f"Not allowed: H5 dataset {name!r} stored in external files")
    if dataset.is_virtual:
        raise ValueError(f"Not allowed: virtual H5 dataset {name!r}")
    declared = math.prod(dataset.shape or ()) * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    if declared > _BOMB_FLOOR_BYTES and declared > _MAX_EXPANSION * stored:
        raise ValueError(f"Not allowed: H5 dataset {name!r} declares {declared} bytes but stores only {stored}.")
    return dataset
