"""``tf.summary.text``: a string tensor read by TensorBoard's text plugin (Markdown; rank 1 and 2
tensors are shown as tables)."""

from __future__ import annotations

from ..framework import dtypes
from ..framework.primitive import convert_to_tensor
from .messages import plugin_metadata
from .state import summary_scope
from .write import tensor_summary

PLUGIN_NAME = "text"


def text(name, data, step=None, description=None):
    """Writes a text summary, for TensorBoard's text dashboard.

    Args:
        name: The summary's name; its tag is the name under the enclosing name scopes.
        data: A string, or a string tensor of any shape (rank 1 and 2 show as tables).
        step: An int64-convertible step; defaults to ``tf.summary.experimental.get_step()``.
        description: A Markdown description shown in TensorBoard.

    Returns:
        A bool tensor: True when written, False when there is no default writer.

    >>> import tempfile, tensorflux as tf
    >>> writer = tf.summary.create_file_writer(tempfile.mkdtemp())
    >>> with writer.as_default():
    ...     bool(tf.summary.text("notes", "**loss** went down", step=0))
    True
    """
    metadata = plugin_metadata(PLUGIN_NAME, description=description)
    with summary_scope(name, "text_summary", values=[data, step]) as (tag, _):
        data = convert_to_tensor(data)
        if data.dtype is not dtypes.string:
            raise TypeError(f"tensor must be of type tf.string; got {data.dtype!r}")
        return tensor_summary(tag, data, step, metadata)
