"""``tf.train.CheckpointManager``: numbered checkpoints in one directory, the oldest deleted."""

from __future__ import annotations

import collections
import logging
import os
import time

from . import checkpoint_format
from .checkpoint_state import get_checkpoint_state, update_checkpoint_state

_logger = logging.getLogger("tensorflux")


def _evaluate(value) -> int:
    return int(value.numpy()) if hasattr(value, "numpy") else int(value)


class CheckpointManager:
    """Saves ``checkpoint`` as ``<directory>/<checkpoint_name>-<N>``, keeping the newest ``max_to_keep``.

    Its state (the managed checkpoints, newest last) lives in ``<directory>/checkpoint``, so a new
    manager in the same directory carries on where the last one stopped.

    >>> import tempfile
    >>> import tensorflux as tf
    >>> checkpoint = tf.train.Checkpoint(v=tf.Variable(1.0))
    >>> manager = tf.train.CheckpointManager(checkpoint, tempfile.mkdtemp(), max_to_keep=2)
    >>> paths = [manager.save() for _ in range(3)]
    >>> [p.rsplit("/", 1)[-1] for p in manager.checkpoints]
    ['ckpt-2', 'ckpt-3']
    """

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None, init_fn=None,
                 last_checkpoint_step=None):
        self._checkpoint = checkpoint
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError(f"Expected a positive integer or `None` for `max_to_keep`, got {max_to_keep}.")
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._directory = os.fspath(directory)
        self._checkpoint_prefix = os.path.join(self._directory, checkpoint_name)
        self._init_fn = init_fn
        if checkpoint_interval is not None:
            if step_counter is None:
                raise ValueError("`step_counter` should be passed if `checkpoint_interval` is not None.")
            self._last_checkpoint_step = last_checkpoint_step
            self._step_counter = step_counter
        self._checkpoint_interval = checkpoint_interval
        self._maybe_delete: collections.OrderedDict[str, float] = collections.OrderedDict()
        self._recover_state()

    def _recover_state(self) -> None:
        """Picks up the checkpoints a previous manager recorded in this directory."""
        state = get_checkpoint_state(self._directory)
        now = time.time()
        if state is None:
            self._latest_checkpoint = None
            self._last_preserved_timestamp = now - 1.0
            return
        self._latest_checkpoint = state.model_checkpoint_path
        self._last_preserved_timestamp = min(state.last_preserved_timestamp, now)
        timestamps = state.all_model_checkpoint_timestamps or \
            [self._last_preserved_timestamp] * len(state.all_model_checkpoint_paths)
        for path, timestamp in zip(state.all_model_checkpoint_paths, timestamps):
            timestamp = min(timestamp, now)
            if timestamp > self._last_preserved_timestamp:
                self._maybe_delete[path] = timestamp

    @property
    def directory(self) -> str:
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def checkpoint_interval(self):
        return self._checkpoint_interval

    @property
    def latest_checkpoint(self) -> str | None:
        """The prefix of the newest checkpoint in ``directory`` (``None`` if there is none)."""
        return self._latest_checkpoint

    @property
    def checkpoints(self) -> list[str]:
        """The managed checkpoints, oldest first (those kept by ``keep_checkpoint_every_n_hours`` excluded)."""
        return list(self._maybe_delete)

    def save(self, checkpoint_number=None, check_interval=True, options=None) -> str | None:
        """Saves a new checkpoint, then deletes the oldest beyond ``max_to_keep``.

        The checkpoint is numbered ``checkpoint_number`` if given, else by the checkpoint's
        ``save_counter`` (incremented either way). With ``checkpoint_interval``, nothing is saved
        (``None`` is returned) until ``step_counter`` has advanced that much since the last save.
        """
        if self._checkpoint_interval is not None:
            step = _evaluate(self._step_counter)
            if self._last_checkpoint_step is not None:
                if step == self._last_checkpoint_step:
                    return None
                if check_interval and step < self._last_checkpoint_step + self._checkpoint_interval:
                    return None
            self._last_checkpoint_step = step
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        number = _evaluate(counter if checkpoint_number is None else checkpoint_number)
        path = self._checkpoint.write(f"{self._checkpoint_prefix}-{number}", options=options)
        self._maybe_delete.pop(path, None)  # re-saved: it moves to the end of the queue
        self._maybe_delete[path] = time.time()
        self._latest_checkpoint = path
        self._record_state()  # before deleting: a kill while deleting still finds the new checkpoint
        self._sweep()
        self._record_state()
        return path

    def restore_or_initialize(self) -> str | None:
        """Restores the newest checkpoint and returns its path; with none, calls ``init_fn`` and returns None."""
        if self._latest_checkpoint is not None:
            self._checkpoint.restore(self._latest_checkpoint)
            if self._checkpoint_interval is not None:
                self._last_checkpoint_step = _evaluate(self._step_counter)
            return self._latest_checkpoint
        if self._init_fn is not None:
            self._init_fn()
            _logger.info("Customized initialization is done through the passed `init_fn`.")
        return None

    def sync(self) -> None:
        self._checkpoint.sync()

    def _sweep(self) -> None:
        """Deletes the oldest checkpoints beyond ``max_to_keep`` (except those preserved by the hour)."""
        if not self._max_to_keep:
            return
        while len(self._maybe_delete) > self._max_to_keep:
            path, timestamp = self._maybe_delete.popitem(last=False)
            hours = self._keep_checkpoint_every_n_hours
            if hours and timestamp - hours * 3600.0 >= self._last_preserved_timestamp:
                self._last_preserved_timestamp = timestamp
                continue
            try:
                os.remove(checkpoint_format.file_for(path))
            except FileNotFoundError:
                pass

    def _record_state(self) -> None:
        update_checkpoint_state(self._directory, self._latest_checkpoint, list(self._maybe_delete),
                                list(self._maybe_delete.values()), self._last_preserved_timestamp)
