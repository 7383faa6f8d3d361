"""``Dataset.save`` and ``Dataset.load``: a dataset written to a directory, in tensorflux's own format.

The directory holds ``metadata.json`` — {"format": "tensorflux.dataset", "version": 1,
"element_spec": SPEC, "compression": null or "GZIP", "cardinality": n, "shards": [{"file":
"shard-00000.tfxdata", "count": n0}, …]} — and one file per shard in the format of
``records.py``. ``shard_func(element)`` picks each element's shard (all in shard 0 without
one). ``load`` reads the shards one after another, or hands a dataset of shard datasets to
``reader_func``. Files are written under temporary names and renamed at the end, so a failed
save never leaves a half-written dataset that ``load`` would accept.
"""

from __future__ import annotations

import json
import os

import numpy as np

from ..framework.errors import NotFoundError
from . import cardinality as card
from . import functions, records, structure
from .dataset import Dataset
from .sources import ElementsDataset

METADATA = "metadata.json"
_FORMAT = "tensorflux.dataset"


def save(dataset, path, compression=None, shard_func=None):
    path = os.fspath(path)
    spec = dataset.element_spec
    os.makedirs(path, exist_ok=True)
    writers = {}
    try:
        for element in dataset._iterate():
            shard = 0 if shard_func is None else _shard_index(shard_func, element)
            if shard not in writers:
                writers[shard] = records.Writer(os.path.join(path, _shard_name(shard) + ".tmp"), spec, compression)
            writers[shard].write(element)
    except BaseException:
        for shard, writer in writers.items():
            writer.abandon()
            os.remove(os.path.join(path, _shard_name(shard) + ".tmp"))
        raise
    _remove_previous(path)
    shards = []
    for shard in sorted(writers):
        writers[shard].close()
        os.replace(os.path.join(path, _shard_name(shard) + ".tmp"), os.path.join(path, _shard_name(shard)))
        shards.append({"file": _shard_name(shard), "count": writers[shard].count})
    metadata = {"format": _FORMAT, "version": records.VERSION, "element_spec": records.spec_to_json(spec),
                "compression": compression or None, "cardinality": sum(s["count"] for s in shards), "shards": shards}
    with open(os.path.join(path, METADATA), "w") as f:
        json.dump(metadata, f, indent=1)


def _shard_name(index: int) -> str:
    return f"shard-{index:05d}.tfxdata"


def _shard_index(shard_func, element) -> int:
    value = np.asarray(structure.to_component(functions.call(shard_func, element), copy=False))
    if value.ndim != 0 or value.dtype.kind not in "iu" or int(value) < 0:
        raise ValueError(f"`shard_func` must return a non-negative scalar integer, got {value!r}.")
    return int(value)


def _remove_previous(path):
    """Removes the shards of a dataset saved here before (its metadata lists them)."""
    metadata_path = os.path.join(path, METADATA)
    if not os.path.exists(metadata_path):
        return
    with open(metadata_path) as f:
        previous = json.load(f)
    os.remove(metadata_path)
    for shard in previous.get("shards", []):
        target = os.path.join(path, shard["file"])
        if os.path.exists(target):
            os.remove(target)


def load(path, element_spec=None, compression=None, reader_func=None):
    path = os.fspath(path)
    metadata_path = os.path.join(path, METADATA)
    if not os.path.exists(metadata_path):
        raise NotFoundError(f"Could not find a dataset saved by tensorflux in {path} (no {METADATA}).")
    with open(metadata_path) as f:
        metadata = json.load(f)
    spec = records.spec_from_json(metadata["element_spec"])
    if element_spec is not None and not structure.is_compatible(element_spec, spec):
        raise ValueError(f"The saved dataset's element_spec {spec} is not compatible with the given "
                         f"`element_spec` {element_spec}.")
    compression = metadata.get("compression") if compression is None else compression
    shards = [RecordsDataset(os.path.join(path, s["file"]), spec, compression, s["count"])
              for s in metadata["shards"]]
    if reader_func is None:
        return LoadDataset(shards, spec, metadata["cardinality"])
    dataset = reader_func(ElementsDataset(shards, structure.DatasetSpec(spec)))
    if not isinstance(dataset, Dataset):
        raise TypeError("`reader_func` must return a `tf.data.Dataset`.")
    return dataset


class RecordsDataset(Dataset):
    """The elements stored in one file of the format of ``records.py``."""

    _tf_name = "_RecordsDataset"

    def __init__(self, path, spec, compression=None, count=card.UNKNOWN):
        super().__init__()
        self._path, self._given_spec, self._compression, self._count = path, spec, compression, count

    def _compute_spec(self):
        return self._given_spec

    def _cardinality(self):
        return self._count

    def _iterate(self):
        yield from records.read(self._path, self._compression)


class LoadDataset(Dataset):
    """A saved dataset's shards, one after another."""

    _tf_name = "_LoadDataset"

    def __init__(self, shards, spec, count):
        super().__init__()
        self._shards, self._given_spec, self._count = shards, spec, count

    def _compute_spec(self):
        return self._given_spec

    def _cardinality(self):
        return self._count

    def _iterate(self):
        for shard in self._shards:
            yield from shard._iterate()
