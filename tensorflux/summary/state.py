"""Per-thread summary state, as TensorFlow keeps it: the default writer, the default step and the
recording condition, with the functions that set and read them."""

from __future__ import annotations

import contextlib
import math
import re
import threading

import numpy as np

from ..framework import dtypes
from ..framework.module import name_scope
from ..framework.primitive import constant, convert_to_tensor


class _SummaryState(threading.local):
    def __init__(self):
        self.writer = None  # the default SummaryWriter
        self.step = None  # the default step (an int, a tensor or an int64 variable)
        self.is_recording = None  # None (record), a bool, a bool tensor or a callable giving one


STATE = _SummaryState()

_INVALID_SCOPE_CHARACTERS = re.compile(r"[^-_/.A-Za-z0-9]")


def get_step():
    """The default step set by ``set_step`` (or ``writer.as_default(step)``), else None.

    >>> set_step(3); get_step()
    3
    >>> set_step(None)
    """
    return STATE.step


def set_step(step) -> None:
    """Sets the default step of the summary functions; a ``tf.Variable`` is read at each write."""
    STATE.step = step


@contextlib.contextmanager
def record_if(condition):
    """Records summaries only while ``condition`` (a bool, a bool tensor, or a callable giving one) holds.

    A callable is called at each summary, so ``record_if(lambda: step % 100 == 0)`` follows ``step``.
    """
    old = STATE.is_recording
    try:
        STATE.is_recording = condition
        yield
    finally:
        STATE.is_recording = old


def recording_condition():
    """Whether summaries record now: ``True``/``False``, or a symbolic bool tensor while tracing."""
    if STATE.writer is None:
        return False
    condition = STATE.is_recording
    if callable(condition):
        condition = condition()
    if condition is None:
        return True
    if hasattr(condition, "_shape_tuple"):  # a tensor or variable
        value = condition._value if not condition._is_variable else condition.numpy()
        if value is None:  # symbolic: decided when the graph runs
            return condition
        return bool(value)
    return bool(condition)


def should_record_summaries():
    """A bool tensor: True when a default writer is set and the ``record_if`` condition holds.

    >>> bool(should_record_summaries())
    False
    """
    condition = recording_condition()
    return condition if not isinstance(condition, bool) else constant(np.array(condition))


def step_tensor(step):
    """``step`` as an int64 scalar tensor, checked as TensorFlow checks it (a variable is read now)."""
    tensor = convert_to_tensor(step, dtype=dtypes.int64)
    shape = tensor._shape_tuple()
    if shape and (None in shape or math.prod(shape) != 1):
        raise ValueError(f"Argument `step` must be a scalar. Received step with shape {tensor.shape}.")
    return tensor


@contextlib.contextmanager
def summary_scope(name, default_name="summary", values=None):
    """Yields ``(tag, scope)``: the tag is ``name`` under the enclosing name scopes, not made unique.

    >>> with summary_scope("loss") as (tag, scope):
    ...     tag
    'loss'
    """
    name = name or default_name
    current = name_scope.current().rstrip("/")
    tag = f"{current}/{name}" if current else name
    with name_scope(_INVALID_SCOPE_CHARACTERS.sub("", name) or default_name) as scope:
        yield tag, scope
