"""The ``checkpoint`` state file of a directory: which checkpoints it holds, the newest last.

The same text format TensorFlow writes (a ``CheckpointState`` protocol buffer in text form), with
paths relative to the directory::

    model_checkpoint_path: "ckpt-4"
    all_model_checkpoint_paths: "ckpt-3"
    all_model_checkpoint_paths: "ckpt-4"
    all_model_checkpoint_timestamps: 1795514908.2412527
    all_model_checkpoint_timestamps: 1795514908.2446175
    last_preserved_timestamp: 1795514907.2326427

It is rewritten atomically after every ``Checkpoint.save`` and ``CheckpointManager.save``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field

from . import checkpoint_format
from .atomic import write_text_atomically

STATE_FILE = "checkpoint"

_logger = logging.getLogger("tensorflux")


@dataclass
class CheckpointState:
    """What ``tf.train.get_checkpoint_state`` returns (TF's ``CheckpointState`` fields)."""

    model_checkpoint_path: str = ""
    all_model_checkpoint_paths: list[str] = field(default_factory=list)
    all_model_checkpoint_timestamps: list[float] = field(default_factory=list)
    last_preserved_timestamp: float = 0.0


def _state_path(directory, latest_filename=None) -> str:
    return os.path.join(os.fspath(directory) or ".", latest_filename or STATE_FILE)


def update_checkpoint_state(directory, model_checkpoint_path, all_model_checkpoint_paths=None,
                            all_model_checkpoint_timestamps=None, last_preserved_timestamp=None) -> None:
    """Rewrites ``directory``'s state file (paths stored relative to ``directory``)."""
    directory = os.fspath(directory) or "."
    state_path = _state_path(directory)
    if os.path.abspath(os.path.join(directory, model_checkpoint_path)) == os.path.abspath(state_path):
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for checkpoint state.  "
                           "Please use a different save path.")
    lines = [f"model_checkpoint_path: {_quoted(_relative(model_checkpoint_path, directory))}"]
    lines += [f"all_model_checkpoint_paths: {_quoted(_relative(p, directory))}"
              for p in all_model_checkpoint_paths or [model_checkpoint_path]]
    lines += [f"all_model_checkpoint_timestamps: {float(t)!r}" for t in all_model_checkpoint_timestamps or ()]
    if last_preserved_timestamp is not None:
        lines.append(f"last_preserved_timestamp: {float(last_preserved_timestamp)!r}")
    write_text_atomically(state_path, "\n".join(lines) + "\n")


def get_checkpoint_state(checkpoint_dir, latest_filename=None) -> CheckpointState | None:
    """The state recorded in ``checkpoint_dir`` (paths made absolute if they were relative), or ``None``.

    >>> import tempfile
    >>> get_checkpoint_state(tempfile.mkdtemp()) is None
    True
    """
    checkpoint_dir = os.fspath(checkpoint_dir)
    try:
        with open(_state_path(checkpoint_dir, latest_filename), encoding="utf-8") as f:
            text = f.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    state = CheckpointState()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        try:
            if not sep:
                raise ValueError("no ':'")
            if key == "model_checkpoint_path":
                state.model_checkpoint_path = _absolute(_unquoted(value), checkpoint_dir)
            elif key == "all_model_checkpoint_paths":
                state.all_model_checkpoint_paths.append(_absolute(_unquoted(value), checkpoint_dir))
            elif key == "all_model_checkpoint_timestamps":
                state.all_model_checkpoint_timestamps.append(float(value))
            elif key == "last_preserved_timestamp":
                state.last_preserved_timestamp = float(value)
        except ValueError as e:
            _logger.warning("%s: line %d of the checkpoint state file is not valid (%s); ignoring the file.",
                            _state_path(checkpoint_dir, latest_filename), number, e)
            return None
    if not state.model_checkpoint_path:
        return None
    return state


def latest_checkpoint(checkpoint_dir, latest_filename=None) -> str | None:
    """The prefix of the newest checkpoint saved in ``checkpoint_dir``, or ``None``.

    >>> import tempfile
    >>> latest_checkpoint(tempfile.mkdtemp()) is None
    True
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None:
        return None
    if checkpoint_format.exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    _logger.error("Couldn't match files for checkpoint %s", state.model_checkpoint_path)
    return None


def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    """Yields each new checkpoint of ``checkpoint_dir`` as it appears (polling once a second).

    Stops after ``timeout`` seconds without a new checkpoint, unless ``timeout_fn()`` returns False.
    """
    last = None
    while True:
        deadline = None if timeout is None else time.time() + timeout
        while True:
            path = latest_checkpoint(checkpoint_dir)
            if path is not None and path != last:
                break
            if deadline is not None and time.time() + 1 > deadline:
                path = None
                break
            time.sleep(1)
        if path is None:
            if timeout_fn is None or timeout_fn():
                return
            continue
        started = time.time()
        last = path
        yield path
        remaining = started + min_interval_secs - time.time()
        if remaining > 0:
            time.sleep(remaining)


def _quoted(text: str) -> str:
    return json.dumps(text)


def _unquoted(value: str) -> str:
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        raise ValueError(f"expected a quoted string, got {value!r}")
    return json.loads(value)


def _relative(path, directory: str) -> str:
    path = os.fspath(path)
    return os.path.relpath(path, directory) if os.path.isabs(path) or os.path.dirname(path) else path


def _absolute(path: str, directory: str) -> str:
    return path if os.path.isabs(path) else os.path.join(directory, path)
