"""``tf.data.Options`` and ``AUTOTUNE``: the knobs a pipeline carries, with defaults that just work.

Options are plain records: each has a fixed set of fields (unset fields are ``None``, meaning
"the default"), refuses unknown ones as TF does, and ``merge`` combines two of them, the later
one winning field by field. Only ``deterministic`` and ``threading.private_threadpool_size``
change what tensorflux does; the other fields are kept so that programs written for TF run.
"""

from __future__ import annotations

import enum
import os
from typing import ClassVar

AUTOTUNE = -1  # tf.data.AUTOTUNE: "pick a good value" for parallelism and buffer sizes


def autotuned_parallelism(options=None) -> int:
    """The number of worker threads ``AUTOTUNE`` stands for: the private pool size, or the cores."""
    threading = None if options is None else options.threading
    size = None if threading is None else threading.private_threadpool_size
    return size if size else max(os.cpu_count() or 1, 1)


class _OptionsRecord:
    """A record of named option fields, each ``None`` until set."""

    _FIELDS: ClassVar[dict] = {}  # name -> class of a nested record, or None for a plain value
    _ALIASES: ClassVar[dict] = {}  # deprecated name -> current name

    def __init__(self):
        for name, nested in self._FIELDS.items():
            object.__setattr__(self, name, nested() if nested else None)

    def __setattr__(self, name, value):
        name = self._ALIASES.get(name, name)
        if name not in self._FIELDS:
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        object.__setattr__(self, name, value)

    def __getattr__(self, name):  # only called for names that are not plain attributes: the aliases
        if name in type(self)._ALIASES:
            return getattr(self, type(self)._ALIASES[name])
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def merge(self, other):
        """A new record with ``other``'s set fields over this one's."""
        merged = type(self)()
        for name, nested in self._FIELDS.items():
            mine, theirs = getattr(self, name), getattr(other, name)
            if nested:
                object.__setattr__(merged, name, mine.merge(theirs))
            else:
                object.__setattr__(merged, name, theirs if theirs is not None else mine)
        return merged

    def __eq__(self, other):
        return type(self) is type(other) and all(getattr(self, n) == getattr(other, n) for n in self._FIELDS)

    __hash__ = None

    def __repr__(self):
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._FIELDS if getattr(self, n) is not None)
        return f"{type(self).__name__}({fields})"


class ThreadingOptions(_OptionsRecord):
    """``private_threadpool_size``: the worker threads ``AUTOTUNE`` uses (default: the cores)."""

    _FIELDS: ClassVar[dict] = {"max_intra_op_parallelism": None, "private_threadpool_size": None}


class AutotuneOptions(_OptionsRecord):
    _FIELDS: ClassVar[dict] = {"enabled": None, "cpu_budget": None, "ram_budget": None, "autotune_algorithm": None,
               "initial_parallelism": None, "min_parallelism": None}


class AutoShardPolicy(enum.IntEnum):
    """How ``tf.distribute`` splits a dataset between workers (kept for the distribute package)."""

    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class ExternalStatePolicy(enum.IntEnum):
    WARN = 0
    IGNORE = 1
    FAIL = 2


class DistributeOptions(_OptionsRecord):
    _FIELDS: ClassVar[dict] = {"auto_shard_policy": None, "num_devices": None}


class OptimizationOptions(_OptionsRecord):
    _FIELDS: ClassVar[dict] = {name: None for name in (
        "apply_default_optimizations", "filter_fusion", "filter_parallelization", "inject_prefetch",
        "map_and_batch_fusion", "map_and_filter_fusion", "map_fusion", "map_parallelization", "noop_elimination",
        "parallel_batch", "seq_interleave_prefetch", "shuffle_and_repeat_fusion")}


class Options(_OptionsRecord):
    """Options of a pipeline, set with ``Dataset.with_options`` (``tf.data.Options``).

    >>> import tensorflux as tf
    >>> options = tf.data.Options()
    >>> options.deterministic = False
    >>> tf.data.Dataset.range(3).with_options(options).options().deterministic
    False
    """

    _FIELDS: ClassVar[dict] = {"autotune": AutotuneOptions, "dataset_name": None, "deterministic": None,
               "experimental_distribute": DistributeOptions, "experimental_external_state_policy": None,
               "experimental_optimization": OptimizationOptions, "experimental_slack": None,
               "experimental_symbolic_checkpoint": None, "experimental_warm_start": None,
               "framework_type": None, "threading": ThreadingOptions}
    _ALIASES: ClassVar[dict] = {"experimental_deterministic": "deterministic", "experimental_threading": "threading"}
