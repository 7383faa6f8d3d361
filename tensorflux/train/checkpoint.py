"""``tf.train.Checkpoint``: saves and restores the variables of a group of objects, by attribute path."""

from __future__ import annotations

import os

from ..framework import dtypes
from ..framework.primitive import init_scope
from ..framework.variable import Variable
from . import checkpoint_format, object_graph
from .checkpoint_options import run_write_callbacks
from .checkpoint_state import update_checkpoint_state
from .object_graph import DEFERRED_HOOKS_ATTRIBUTE
from .restore import CheckpointLoadStatus, InitializationOnlyStatus, Restoration

_SAVE_COUNTER = "save_counter"


class Checkpoint:
    """Groups trackable objects (variables, ``tf.Module``s, layers, models, optimizers…) to save together.

    Each keyword argument names an object; the variables it owns are saved under its name and
    their attribute paths (``model/dense/kernel``). ``restore`` assigns the saved values to the
    matching variables, now or — for variables created later — as soon as they exist.

    >>> import os, tempfile
    >>> import tensorflux as tf
    >>> v = tf.Variable(1.0)
    >>> ckpt = tf.train.Checkpoint(v=v)
    >>> path = ckpt.save(os.path.join(tempfile.mkdtemp(), "ckpt"))
    >>> os.path.basename(path)
    'ckpt-1'
    >>> _ = v.assign(5.0)
    >>> ckpt.restore(path).assert_consumed().__class__.__name__
    'CheckpointLoadStatus'
    >>> float(v)
    1.0
    """

    def __init__(self, root=None, **kwargs):
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_save_counter", None)
        object.__setattr__(self, "_restorations", [])
        for name, value in sorted(kwargs.items()):
            if not object_graph.is_trackable(value):
                raise ValueError(f"`Checkpoint` was expecting {name} to be a trackable object (an object derived "
                                 f"from `Trackable`), got {value}. If you believe this object should be trackable "
                                 "(i.e. it is part of the TensorFlow Python API and manages state), please open an "
                                 "issue.")
            setattr(self, name, value)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        hooks = self.__dict__.get(DEFERRED_HOOKS_ATTRIBUTE)
        if hooks:  # a restore was waiting for this attribute: restore-on-create
            hooks(self, name, value)

    def _checkpoint_dependencies(self) -> dict:
        """The objects this checkpoint saves: ``root``'s children, the keyword arguments, the counter."""
        dependencies = dict(object_graph.children(self._root)) if self._root is not None else {}
        dependencies.update((k, v) for k, v in vars(self).items()
                            if not k.startswith("_") and object_graph.is_trackable(v))
        if self._save_counter is not None:
            dependencies[_SAVE_COUNTER] = self._save_counter
        return dependencies

    @property
    def save_counter(self) -> Variable:
        """Incremented when ``save()`` is called; numbers the checkpoints (created on first use)."""
        if self._save_counter is None:
            with init_scope():
                counter = Variable(0, dtype=dtypes.int64, trainable=False, name=_SAVE_COUNTER)
            object.__setattr__(self, "_save_counter", counter)
        return self._save_counter

    # --- saving --------------------------------------------------------------------------------

    def write(self, file_prefix, options=None) -> str:
        """Writes a checkpoint at ``file_prefix`` (no numbering, no state file); returns ``file_prefix``."""
        file_prefix = _as_path(file_prefix)
        self._sweep()
        checkpoint_format.write(checkpoint_format.file_for(file_prefix), object_graph.collect(self))
        run_write_callbacks(options, file_prefix)
        return file_prefix

    def save(self, file_prefix, options=None) -> str:
        """Writes ``<file_prefix>-<N>`` (``N`` = ``save_counter`` after incrementing it) and records it
        as the newest checkpoint of its directory, for ``tf.train.latest_checkpoint``."""
        file_prefix = _as_path(file_prefix)
        counter = self.save_counter
        counter.assign_add(1)
        path = self.write(f"{file_prefix}-{int(counter.numpy())}", options=options)
        update_checkpoint_state(os.path.dirname(file_prefix), path, [path])
        return path

    # --- restoring -----------------------------------------------------------------------------

    def read(self, save_path, options=None) -> CheckpointLoadStatus:
        """Restores from ``save_path`` (a prefix ``write`` or ``save`` returned)."""
        return self._restore(save_path, create_counter=False)

    def restore(self, save_path, options=None):
        """Restores from ``save_path``, the save counter included; ``None`` restores nothing.

        Values for variables that do not exist yet are assigned when they are created (see
        ``tensorflux/train/restore.py``). The returned status checks what matched:
        ``assert_consumed()``, ``assert_existing_objects_matched()``, ``assert_nontrivial_match()``,
        ``expect_partial()``.
        """
        if save_path is None:
            return InitializationOnlyStatus()
        return self._restore(save_path, create_counter=True)

    def _restore(self, save_path, create_counter: bool) -> CheckpointLoadStatus:
        self._sweep()
        saved = checkpoint_format.read(checkpoint_format.resolve_file(_as_path(save_path)))
        if create_counter and _SAVE_COUNTER in saved.root.edges:
            _ = self.save_counter
        restoration = Restoration(saved, self)
        restoration.run()
        if restoration.pending:
            self._restorations.append(restoration)
        return CheckpointLoadStatus(restoration)

    def _sweep(self) -> None:
        """Gives pending restores a chance to find the objects created since."""
        for restoration in list(self._restorations):
            restoration.sweep()
            if not restoration.pending:
                self._restorations.remove(restoration)

    def sync(self) -> None:
        """Waits for asynchronous saves (there are none: every save here is synchronous)."""


def _as_path(path) -> str:
    if hasattr(path, "numpy"):  # a string tensor
        path = path.numpy()
    if isinstance(path, bytes):
        path = path.decode()
    return os.fspath(path)
