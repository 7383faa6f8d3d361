"""``keras.callbacks.BackupAndRestore``: a ``fit`` that is killed resumes from its last backup.

A backup is one ``tf.train.Checkpoint`` (``backup_dir/backup-<N>.h5`` plus the ``checkpoint``
state file) written atomically by a ``tf.train.CheckpointManager``; Keras writes
``latest.weights.h5`` and ``training_metadata.json`` instead. It holds:

- the model's weights, the optimizer's variables (``iterations``, learning rate, slots) and the
  metrics' state;
- ``training_state``: where training stood — ``epoch`` (epochs completed) and ``step`` (batches
  completed in that epoch, 0 at an epoch boundary) — and every random-generator state that
  ``fit`` may draw from, as int64 arrays (no pickle): NumPy's global generator (``fit``
  shuffles with it; also its state when the epoch began), Python's ``random``, tensorflux's
  ``SEEDS`` (global seed, operation-seed counter, the Philox stream of every op given a seed,
  the unseeded generator) and Keras' global ``SeedGenerator``.

When ``fit`` starts, the newest backup is restored and ``fit`` resumes where it was taken: the
callback sets ``model._initial_epoch`` and ``model._initial_step``, and ``fit`` starts at that
epoch and passes over that many of its batches. The state is applied again at the *restore
point* — the beginning of that epoch, or of that batch — so from there on the resumed run starts
from exactly the states the uninterrupted run had there:

- ``save_freq="epoch"``: the final weights equal those of an uninterrupted run, bit for bit.
- an integer ``save_freq``: the run resumes at the batch after the backup (Keras restarts the
  interrupted epoch from its first batch). The epoch's shuffled order is replayed from NumPy's
  state at the epoch's start; the optimizer, the metrics and every generator are as they were
  after the backed-up batch. Final weights and the logs of the epochs that run are the same as
  without interruption, unless random numbers are drawn after this callback's
  ``on_train_batch_end`` and before the next batch (by a later callback, say); a backup after an
  epoch's last batch resumes at the next epoch, so that epoch's validation and ``on_epoch_end``
  do not run again.

Exactness needs array inputs (``fit`` reshuffles them from NumPy's global generator) without
``steps_per_epoch``: the position in a generator or ``tf.data`` stream is not saved (nor in
Keras). Random ops *without* an operation seed inside a traced ``train_step`` (the default, not
``run_eagerly``) draw from a generator the trace captured, which the backup cannot reach: give
such ops a seed (``Dropout(0.5, seed=1)``) or train with ``run_eagerly=True``. Other callbacks'
own state (``EarlyStopping``'s patience counter…) is not saved, as in Keras.

A ``fit`` that does not read ``_initial_epoch`` still ends with the same weights: it trains the
epochs and batches before the restore point again, while the callback writes no backup, and the
saved state is put back at the restore point — slower, and those epochs appear in ``History``.
"""

from __future__ import annotations

import os
import random as python_random
import shutil

import numpy as np

from ... import train
from ...framework import dtypes
from ...framework.errors import OpError
from ...framework.variable import Variable
from ...ops import random as random_ops
from .. import random as keras_random
from ..api_export import keras_export
from .callback import Callback

_INT64 = dtypes.int64
_WORD_MASK = (1 << 64) - 1


@keras_export(["keras.callbacks.BackupAndRestore"])
class BackupAndRestore(Callback):
    """Backs up the training state during ``fit`` and restores it when ``fit`` runs again.

    Args:
        backup_dir: the directory that holds the backup; used by this callback only.
        save_freq: ``"epoch"`` (a backup at each epoch's end), an integer (a backup every that
            many batches) or ``False`` (no periodic backups).
        double_checkpoint: keep the previous backup too, and fall back to it when the newest one
            cannot be read.
        delete_checkpoint: delete ``backup_dir`` when training ends.

    >>> import tempfile
    >>> import numpy as np
    >>> from tensorflux import keras
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> backup = BackupAndRestore(tempfile.mkdtemp())
    >>> history = model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, callbacks=[backup], verbose=0)
    >>> len(history.history["loss"])
    2
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        super().__init__()
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        self.backup_dir = os.fspath(backup_dir)
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError("Invalid value for argument `save_freq`. "
                             f"Received: save_freq={save_freq}. Expected either 'epoch' or an integer value.")
        self._checkpoint = None
        self._manager = None
        self._pending = None  # the backup restored, until fit reaches its restore point
        self._epoch = 0
        self._epoch_start_numpy = None

    # --- hooks -------------------------------------------------------------------------------------

    def on_train_begin(self, logs=None):
        if not self.model.built:
            raise ValueError("To use the BackupAndRestore callback, you model must be built before you call `fit()`. "
                             f"Model {self.model} is unbuilt. You can build it beforehand by calling it on a batch of "
                             "data.")
        optimizer = self.model.optimizer
        if optimizer is not None and not optimizer.built:  # its slots must exist to receive their values
            optimizer.build(self.model.trainable_variables)
        tracked = {"model": self.model, "metrics": list(self.model.metrics)}
        if optimizer is not None:
            tracked["optimizer"] = optimizer
        self._checkpoint = train.Checkpoint(**tracked)
        self._manager = train.CheckpointManager(self._checkpoint, self.backup_dir,
                                                max_to_keep=2 if self.double_checkpoint else 1, checkpoint_name="backup")
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._pending = self._restore_newest()
        if self._pending is not None:
            _set(self.model, "_initial_epoch", self._pending.epoch)
            _set(self.model, "_initial_step", self._pending.step)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        pending = self._pending
        if pending is not None and epoch == pending.epoch:
            if pending.step == 0:
                self._reach_restore_point()
            else:  # the batches before the restore point are drawn again in the same shuffled order
                np.random.set_state(_from_words(np.random.get_state(legacy=False), pending.state["numpy_epoch_start"]))
        self._epoch_start_numpy = _words(np.random.get_state(legacy=False))

    def on_train_batch_begin(self, batch, logs=None):
        pending = self._pending
        if pending is not None and self._epoch == pending.epoch and batch == pending.step:
            self._reach_restore_point()

    def on_train_batch_end(self, batch, logs=None):
        if self._pending is None and self._should_save_on_batch(batch):
            steps = (self.params or {}).get("steps")
            if steps and batch + 1 >= steps:  # the epoch's last batch: resume at the next epoch's start
                self._save(self._epoch + 1, 0)
            else:
                self._save(self._epoch, batch + 1)

    def on_epoch_end(self, epoch, logs=None):
        self._last_batch_seen = 0
        if self._pending is None and self.save_freq == "epoch":
            self._save(epoch + 1, 0)

    def on_train_end(self, logs=None):
        if self._pending is not None:  # fit ended before the restore point: the backup is where training stood
            self._reach_restore_point()
        _set(self.model, "_initial_epoch", None)
        _set(self.model, "_initial_step", None)
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)

    # --- saving ------------------------------------------------------------------------------------

    def _should_save_on_batch(self, batch) -> bool:
        """Every ``save_freq`` batches, counted across epochs (as Keras counts them)."""
        if self.save_freq == "epoch" or self.save_freq is False:
            return False
        if batch <= self._last_batch_seen:  # a new epoch
            add_batches = batch + 1
        else:
            add_batches = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += add_batches
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save(self, epoch, step) -> None:
        epoch_start = self._epoch_start_numpy if step else _words(np.random.get_state(legacy=False))
        self._checkpoint.training_state = _TrainingState.capture(epoch, step, epoch_start)
        self._manager.save()

    # --- restoring ---------------------------------------------------------------------------------

    def _restore_newest(self):
        """Restores the newest readable backup (the previous one too, with ``double_checkpoint``); None if none."""
        candidates = list(reversed(self._manager.checkpoints)) if self.double_checkpoint else \
            [self._manager.latest_checkpoint]
        candidates = [path for path in candidates if path is not None]
        for i, path in enumerate(candidates):
            try:
                return self._restore(path)
            except (OpError, OSError, ValueError):  # DataLossError, NotFoundError: damaged or missing
                if i == len(candidates) - 1:
                    raise
        return None

    def _restore(self, path):
        self._checkpoint.training_state = _TrainingState.shaped_like(path)
        self._checkpoint.restore(path).assert_existing_objects_matched()
        backup = _Backup(path, self._checkpoint.training_state.values())
        _apply_random_state(backup.state)
        return backup

    def _reach_restore_point(self) -> None:
        """Puts the whole backed-up state back, as it was when the backup was taken."""
        backup, self._pending = self._pending, None
        self._restore(backup.path)
        self._batches_seen_since_last_saving = 0  # counted from the backup on, as the interrupted run counted
        self._last_batch_seen = max(backup.step - 1, 0)
        if backup.step == 0:  # an epoch boundary: the saved metrics belong to the epoch before
            self.model.reset_metrics()


class _Backup:
    def __init__(self, path, state):
        self.path = path
        self.state = state
        self.epoch = int(state["epoch"])
        self.step = int(state["step"])


# --- the training state: positions and generator states, as int64 variables -----------------------

class _TrainingState:
    """The variables saved under ``training_state/``: one per entry of ``_random_state`` plus the position."""

    def __init__(self, values: dict):
        for name, value in values.items():
            setattr(self, name, Variable(np.asarray(value, np.int64), dtype=_INT64, trainable=False, name=name))

    @classmethod
    def capture(cls, epoch, step, numpy_epoch_start):
        return cls({"epoch": epoch, "step": step, "numpy_epoch_start": numpy_epoch_start, **_random_state()})

    @classmethod
    def shaped_like(cls, path):
        """Zeros of the shapes saved at ``path``, for ``restore`` to fill."""
        prefix = "training_state/"
        return cls({name[len(prefix):]: np.zeros(shape, np.int64) for name, shape in train.list_variables(path)
                    if name.startswith(prefix)})

    def values(self) -> dict:
        return {name: variable.numpy() for name, variable in vars(self).items()}


def _random_state() -> dict:
    """Every generator ``fit`` may draw from, as int64 arrays."""
    seeds = random_ops.SEEDS
    pairs = sorted(seeds.streams)
    streams = [_words(seeds.streams[pair].bit_generator.state) for pair in pairs]
    width = len(_words(random_ops._philox((0, 0)).bit_generator.state))
    generator = keras_random._GLOBAL["generator"]
    return {
        "numpy_global": _words(np.random.get_state(legacy=False)),
        "python_random": _python_words(python_random.getstate()),
        "seeds_global": [seeds.global_seed is not None, seeds.global_seed or 0, seeds.counter],
        "seeds_stream_pairs": np.asarray(pairs, np.int64).reshape(len(pairs), 2),
        "seeds_stream_states": np.asarray(streams, np.int64).reshape(len(pairs), width),
        "seeds_unseeded": _words(seeds.unseeded.bit_generator.state),
        "seeds_traced_states": np.asarray([_words(g.bit_generator.state) for g in seeds.traced],
                                          np.int64).reshape(len(seeds.traced), width),
        "keras_seed_generator": [generator is not None, generator.seed if generator else 0,
                                 generator.counter if generator else 0],
    }


def _apply_random_state(state: dict) -> None:
    np.random.set_state(_from_words(np.random.get_state(legacy=False), state["numpy_global"]))
    python_random.setstate(_python_state(python_random.getstate(), state["python_random"]))
    seeds = random_ops.SEEDS
    has_seed, global_seed, counter = (int(v) for v in state["seeds_global"])
    seeds.global_seed = global_seed if has_seed else None
    seeds.counter = counter
    streams = {}
    for pair, words in zip(state["seeds_stream_pairs"], state["seeds_stream_states"]):
        pair = tuple(int(k) for k in pair)
        generator = seeds.streams.get(pair) or random_ops._philox(pair)  # in place: a trace may hold it
        generator.bit_generator.state = _from_words(generator.bit_generator.state, words)
        streams[pair] = generator
    seeds.streams.clear()
    seeds.streams.update(streams)
    seeds.unseeded.bit_generator.state = _from_words(seeds.unseeded.bit_generator.state, state["seeds_unseeded"])
    # Streams of random ops in traced functions, matched by creation order: those that exist are set in
    # place; the rest are handed to the ops as the re-traced function creates them.
    template = random_ops._philox((0, 0)).bit_generator.state
    traced = [_from_words(template, words) for words in state.get("seeds_traced_states", ())]
    for generator, saved in zip(seeds.traced, traced):
        generator.bit_generator.state = saved
    seeds.pending = traced[len(seeds.traced):]
    exists, seed, counter = (int(v) for v in state["keras_seed_generator"])
    if exists:
        generator = keras_random.SeedGenerator(seed)
        generator.counter = counter
        keras_random._GLOBAL["generator"] = generator
    else:
        keras_random.reset_global_seed_generator()


# --- a generator's state dict <-> 64-bit words ------------------------------------------------------

def _leaves(state):
    """The values of a (nested) state dict in a stable order; names of bit generators are not values."""
    if isinstance(state, dict):
        for key in sorted(state):
            yield from _leaves(state[key])
    elif not isinstance(state, str):
        yield state


def _words(state) -> np.ndarray:
    """A bit generator's state (or NumPy's legacy one) as int64 words: integers take two (up to 128 bits)."""
    words = []
    for leaf in _leaves(state):
        if isinstance(leaf, np.ndarray):
            words.extend(int(v) for v in leaf.ravel())
        elif isinstance(leaf, float):
            words.append(int(np.float64(leaf).view(np.uint64)))
        else:
            words.extend((int(leaf) & _WORD_MASK, int(leaf) >> 64))
    return np.asarray(words, np.uint64).view(np.int64)


def _from_words(template, words):
    """The state ``_words`` encoded, rebuilt on a state of the same generator (for its layout)."""
    words = iter(np.asarray(words, np.int64).view(np.uint64).tolist())

    def rebuild(value):
        if isinstance(value, dict):
            rebuilt = {key: rebuild(value[key]) for key in sorted(value)}  # the order ``_words`` wrote them in
            return {key: rebuilt[key] for key in value}
        if isinstance(value, str):
            return value
        if isinstance(value, np.ndarray):
            return np.asarray([next(words) for _ in range(value.size)], np.uint64).astype(value.dtype).reshape(
                value.shape)
        if isinstance(value, float):
            return float(np.uint64(next(words)).view(np.float64))
        low, high = next(words), next(words)
        return low | (high << 64)

    return rebuild(template)


def _python_words(state) -> np.ndarray:
    version, internal, gauss = state
    return _words({"version": version, "internal": np.asarray(internal, np.uint64),
                   "has_gauss": gauss is not None, "gauss": 0.0 if gauss is None else float(gauss)})


def _python_state(template, words):
    version, internal, _ = template
    rebuilt = _from_words({"version": version, "internal": np.asarray(internal, np.uint64), "has_gauss": 0,
                           "gauss": 0.0}, words)
    gauss = rebuilt["gauss"] if rebuilt["has_gauss"] else None
    return rebuilt["version"], tuple(int(v) for v in rebuilt["internal"]), gauss


def _set(obj, name, value):
    """Sets an attribute on the model without the layer's tracking (as the trainer sets its own)."""
    object.__setattr__(obj, name, value)
