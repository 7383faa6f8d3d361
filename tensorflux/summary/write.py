"""``tf.summary.write``, and the ``WriteSummary`` op that every summary function ends in.

Eagerly the op writes at once. Inside ``tf.function`` it is a stateful graph node (never pruned):
the writer, the tag and the recording condition are fixed when the function is traced, as in
TensorFlow, while the data, the step (a variable's value is read at each run) and a condition
that is a tensor are the node's inputs, read each time the graph runs. The work of turning data
into the summary's tensor (bucketing a histogram, encoding PNGs) is done by the op, only when it
records.
"""

from __future__ import annotations

import functools

import numpy as np

from ..framework import backend, dtypes
from ..framework.primitive import NOT_DIFFERENTIABLE, constant, convert_to_tensor, declare
from . import messages
from .state import STATE, get_step, recording_condition, step_tensor


def _write_forward(step, data, *condition, writer, tag, summarize):
    if condition and not condition[0]:
        return np.array(False)
    summary = summarize(tag, backend.to_numpy(data))
    writer.write_event(int(np.asarray(backend.to_numpy(step)).reshape(-1)[0]), summary=summary)
    return np.array(True)


WRITE_SUMMARY = declare("WriteSummary", _write_forward, lambda *inputs, **attrs: ((), dtypes.bool),
                        NOT_DIFFERENTIABLE, stateful=True)


def _identity(array):
    return array


def _tensor_summary(tag, array, *, metadata: bytes, encode):
    """A ``Summary`` of one value: the encoded array as a ``TensorProto`` with its plugin metadata."""
    return messages.summary_value(tag, messages.tensor_proto(encode(array)), metadata)


def _raw_summary(tag, array):
    """Serialized ``Summary`` messages merged into one (protobuf merges concatenated messages)."""
    return b"".join(bytes(s) if not isinstance(s, str) else s.encode("utf-8") for s in array.reshape(-1).tolist())


def write_summary(tag: str, data, step, summarize):
    """The path every summary takes: returns a bool tensor, True when the summary was written.

    ``data`` is a tensor, a value convertible to one, or a callable giving one (called only when
    the summary records); ``summarize(tag, array)`` makes the serialized ``Summary``.
    """
    if step is not None:
        step = step_tensor(step)
    writer = STATE.writer
    if writer is None:
        return constant(np.array(False))
    condition = recording_condition()
    if condition is False:
        return constant(np.array(False))
    if step is None:
        step = get_step()
        if step is None:
            raise ValueError("No step set. Please specify one either through the `step` argument or through "
                             "tf.summary.experimental.set_step()")
        step = step_tensor(step)
    data = convert_to_tensor(data() if callable(data) else data)
    inputs = (step, data) if condition is True else (step, data, condition)
    return WRITE_SUMMARY(*inputs, writer=writer, tag=tag, summarize=summarize)


def tensor_summary(tag: str, data, step, metadata: bytes = b"", encode=_identity):
    """Writes ``encode(array of data)`` as the summary's tensor, with serialized plugin ``metadata``."""
    return write_summary(tag, data, step, functools.partial(_tensor_summary, metadata=metadata, encode=encode))


def write(tag, tensor, step=None, metadata=None, name=None):
    """Writes a tensor summary to the default writer, if there is one; the base of every summary function.

    Args:
        tag: The summary's tag (usually from ``tf.summary.experimental.summary_scope``).
        tensor: The data, or a callable giving it (called only when the summary records).
        step: An int64-convertible scalar; defaults to ``tf.summary.experimental.get_step()``.
        metadata: A ``SummaryMetadata`` or its serialized bytes.
        name: Ignored (TensorFlow names the op with it).

    Returns:
        A bool tensor: True when written, False when no writer is set or recording is off.

    Raises:
        ValueError: if a writer is set, but no step was given and no default step is set.

    >>> import tensorflux as tf
    >>> bool(tf.summary.write("x", 1.0, step=0))  # no default writer
    False
    """
    return tensor_summary(tag, tensor, step, serialize_metadata(metadata))


def write_raw_pb(tensor, step=None, name=None):
    """Writes serialized ``Summary`` protos (a string tensor of them) to the default writer."""
    return write_summary("", tensor, step, _raw_summary)


def serialize_metadata(metadata) -> bytes:
    if metadata is None:
        return b""
    if hasattr(metadata, "SerializeToString"):
        return metadata.SerializeToString()
    return metadata.encode("utf-8") if isinstance(metadata, str) else bytes(metadata)
