"""The tensorflux checkpoint file: one HDF5 file per checkpoint, written atomically.

A checkpoint saved under the prefix ``ckpts/ckpt-3`` is the single file ``ckpts/ckpt-3.h5``
(TensorFlow writes ``ckpt-3.index`` plus ``ckpt-3.data-00000-of-00001``; the prefix is what
users pass around, so the difference only shows in a directory listing). Layout::

    (user block, 512 bytes)   "TENSORFLUX checkpoint" + {"format_version", "size", "crc32"}
    (file)                   attrs: tensorflux_format = "checkpoint"
                                    format_version    = 1
                                    tensorflux_version = "0.1.0"
    root                     group: the root object (the tf.train.Checkpoint)
    root/model               group: an object, at its canonical (shortest) path
    root/model/dense/kernel  dataset: a variable's value, at its canonical path
                               attrs: dtype = "float32" (TF's name), variable_name = "kernel"
    root/optimizer/vars/0    soft link -> root/model/dense/kernel  (another path to the same object)
    root/save_counter        dataset: the counter that numbers ``save()`` calls (int64)

- Every object that leads to a variable is a group named by its attribute path: attribute
  names, list indices (``0``, ``1``…) and dict keys. A name is escaped only where HDF5 needs it:
  ``%`` -> ``%25``, ``/`` -> ``%2F``, a name ``.`` or ``..`` -> ``%2E``/``%2E%2E``.
- Every variable is one dataset holding its value with its own shape. Dtypes HDF5 lacks are
  stored as their bits: bfloat16 and the float8 types as unsigned integers of the same width
  (the ``dtype`` attribute says how to read them back); strings as variable-length bytes
  (``hdf5_values.py``).
- Hard links form a tree (each object once, at its canonical path); every other edge of the
  object graph is an HDF5 soft link to a path under ``/root``. External links are refused.
- No pickle, no Python code, nothing executable: only arrays, names and these attributes.

- The first 512 bytes are an HDF5 user block holding a text header with the format version, the
  file's length and a CRC-32 of the rest (``sealed_file.py``): a reader checks them before HDF5
  parses anything, then checks the ``tensorflux_format`` and ``format_version`` attributes.

A file that is missing, truncated, corrupted, not HDF5 or another program's HDF5 gives
``tf.errors.NotFoundError`` or ``tf.errors.DataLossError`` naming the file and the problem.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import numpy as np

from ..framework.errors import DataLossError, NotFoundError
from . import sealed_file
from .atomic import atomic_path
from .hdf5_values import from_hdf5, to_hdf5
from .object_graph import Node

FILE_SUFFIX = ".h5"
FORMAT_NAME = "checkpoint"
FORMAT_DESCRIPTION = "checkpoint"  # the word in the user-block header: "TENSORFLUX checkpoint"
FORMAT_VERSION = 1
ROOT_GROUP = "root"


def file_for(prefix) -> str:
    """The file that holds the checkpoint saved under ``prefix``."""
    return os.fspath(prefix) + FILE_SUFFIX


def resolve_file(save_path) -> str:
    """The checkpoint file for a path given to ``restore``: a prefix (usual) or the file itself."""
    save_path = os.fspath(save_path)
    candidate = file_for(save_path)
    if os.path.isfile(candidate):
        return candidate
    if os.path.isfile(save_path):
        return save_path
    if os.path.isdir(save_path):
        raise NotFoundError(None, None, f"Error when restoring from checkpoint at {save_path}: it is a directory, "
                                        "not a checkpoint prefix. Use tf.train.latest_checkpoint(directory) to find "
                                        "the newest checkpoint in it.")
    raise NotFoundError(None, None, f"Error when restoring from checkpoint at {save_path}: no checkpoint file "
                                    f"{candidate} found. Please double-check that the path is correct. You may be "
                                    "missing the checkpoint suffix (e.g. the '-1' in 'path/to/ckpt-1').")


def exists(prefix) -> bool:
    return os.path.isfile(file_for(prefix))


# --- names -------------------------------------------------------------------------------------


def encode_name(name: str) -> str:
    """An object-graph edge name as an HDF5 link name (escaping only what HDF5 cannot hold)."""
    if name in (".", ".."):
        return name.replace(".", "%2E")
    return name.replace("%", "%25").replace("/", "%2F")


_ESCAPES = {"%25": "%", "%2F": "/", "%2E": "."}
_ESCAPED = re.compile("|".join(_ESCAPES))


def decode_name(encoded: str) -> str:
    return _ESCAPED.sub(lambda m: _ESCAPES[m.group()], encoded)


def _hdf5_path(path: tuple[str, ...]) -> str:
    return "/".join((f"/{ROOT_GROUP}",) + tuple(encode_name(p) for p in path))


# --- writing -----------------------------------------------------------------------------------


def write(file_path: str, nodes: list[Node]) -> None:
    """Writes the collected object graph (``object_graph.collect``) to ``file_path``, atomically."""
    import h5py

    from .. import __version__

    with atomic_path(file_path) as temporary:
        with h5py.File(temporary, "w", userblock_size=sealed_file.USERBLOCK_SIZE) as f:
            f.attrs["tensorflux_format"] = FORMAT_NAME
            f.attrs["format_version"] = FORMAT_VERSION
            f.attrs["tensorflux_version"] = __version__
            f.create_group(ROOT_GROUP)
            for node in nodes:  # breadth-first: a parent's group exists before its children's
                if node.path and not node.is_variable:
                    f.create_group(_hdf5_path(node.path))
                elif node.is_variable:
                    _write_variable(f, node)
            for node in nodes:
                for name, target in node.edges:
                    if target.path != node.path + (name,):
                        f[_hdf5_path(node.path + (name,))] = h5py.SoftLink(_hdf5_path(target.path))
        seal(temporary)


def seal(file_path: str) -> None:
    """(Re)writes the checksummed header of a complete checkpoint file (see ``sealed_file.py``)."""
    sealed_file.seal(file_path, FORMAT_DESCRIPTION, FORMAT_VERSION)


def _write_variable(f, node: Node) -> None:
    variable = node.obj
    value = np.asarray(variable.numpy())
    dataset = f.create_dataset(_hdf5_path(node.path), data=to_hdf5(value))
    dataset.attrs["dtype"] = variable.dtype.name
    dataset.attrs["variable_name"] = str(getattr(variable, "_name", "") or "")


# --- reading -----------------------------------------------------------------------------------


@dataclass(eq=False)
class SavedObject:
    """One object as saved: its canonical path, its value (variables only) and its named edges."""

    path: tuple[str, ...]
    value: np.ndarray | None = None
    dtype: str | None = None
    edges: dict[str, tuple[str, ...]] = field(default_factory=dict)  # edge name -> target's canonical path

    @property
    def is_variable(self) -> bool:
        return self.dtype is not None


@dataclass
class SavedGraph:
    file_path: str
    objects: dict[tuple[str, ...], SavedObject]

    @property
    def root(self) -> SavedObject:
        return self.objects[()]


def read(file_path: str) -> SavedGraph:
    """Reads a whole checkpoint file into memory (values included) and checks its structure."""
    import h5py

    sealed_file.verify(file_path, FORMAT_DESCRIPTION, FORMAT_VERSION)
    objects: dict[tuple[str, ...], SavedObject] = {}
    try:
        with h5py.File(file_path, "r") as f:
            _check_header(f, file_path)
            _read_group(f[ROOT_GROUP], (), objects, file_path)
    except (OSError, RuntimeError, KeyError, TypeError, ValueError, RecursionError) as e:
        raise DataLossError(None, None, f"Unable to read checkpoint {file_path}: the HDF5 content is damaged: "
                                        f"{e}") from None
    for saved in objects.values():
        for name, target in saved.edges.items():
            if target not in objects:
                raise DataLossError(None, None, f"Checkpoint {file_path} is damaged: "
                                                f"'{'/'.join(saved.path + (name,))}' links to a missing object.")
    return SavedGraph(file_path, objects)


def _check_header(f, file_path: str) -> None:
    kind = f.attrs.get("tensorflux_format")
    if isinstance(kind, bytes):
        kind = kind.decode()
    if kind != FORMAT_NAME or ROOT_GROUP not in f:
        raise DataLossError(None, None, f"{file_path} is not a valid tensorflux checkpoint: the "
                                        "'tensorflux_format' attribute or the 'root' group is missing.")
    version = f.attrs.get("format_version")
    version = version.item() if isinstance(version, np.generic) else version
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise DataLossError(None, None, f"Checkpoint {file_path} has format version {version!r}; this tensorflux "
                                        f"reads versions 1 to {FORMAT_VERSION}. Upgrade tensorflux to read it.")


def _read_group(group, path, objects, file_path) -> None:
    import h5py

    saved = objects[path] = SavedObject(path)
    for encoded in group:
        name = decode_name(encoded)
        link = group.get(encoded, getlink=True)
        child_path = path + (name,)
        if isinstance(link, h5py.SoftLink):
            saved.edges[name] = _link_target(link.path, file_path, child_path)
            continue
        if not isinstance(link, h5py.HardLink):
            raise DataLossError(None, None, f"Checkpoint {file_path} is not valid: '{'/'.join(child_path)}' is an "
                                            "external link, which checkpoints never contain.")
        saved.edges[name] = child_path
        item = group[encoded]
        if isinstance(item, h5py.Group):
            _read_group(item, child_path, objects, file_path)
        else:
            where = f"{file_path}: variable '{'/'.join(child_path)}'"
            dtype_name = item.attrs.get("dtype")
            if isinstance(dtype_name, bytes):
                dtype_name = dtype_name.decode()
            if not isinstance(dtype_name, str):
                raise DataLossError(None, None, f"{where} has no 'dtype' attribute.")
            objects[child_path] = SavedObject(child_path, from_hdf5(item[()], dtype_name, where), dtype_name)


def _link_target(target: str, file_path: str, where) -> tuple[str, ...]:
    parts = target.split("/")
    if len(parts) < 2 or parts[0] != "" or parts[1] != ROOT_GROUP:
        raise DataLossError(None, None, f"Checkpoint {file_path} is not valid: '{'/'.join(where)}' links outside "
                                        f"the checkpoint, to {target!r}.")
    return tuple(decode_name(p) for p in parts[2:])


def list_variables(file_path: str) -> list[tuple[str, list[int]]]:
    """``(path, shape)`` of every variable in a checkpoint file, sorted by path."""
    graph = read(file_path)
    return sorted(("/".join(s.path), list(s.value.shape)) for s in graph.objects.values() if s.is_variable)
