"""``tf.summary.scalar``: a float32 rank-0 tensor read by TensorBoard's scalars plugin."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.errors import UnimplementedError
from ..framework.primitive import convert_to_tensor
from .casting import cast_to_float
from .messages import plugin_metadata
from .state import summary_scope
from .write import tensor_summary

PLUGIN_NAME = "scalars"


def _to_float32(array):
    return cast_to_float(array, np.float32)


def scalar(name, data, step=None, description=None):
    """Writes a scalar summary, for TensorBoard's scalars dashboard.

    Args:
        name: The summary's name; its tag is the name under the enclosing name scopes.
        data: A real number, or a rank-0 tensor convertible to float32.
        step: An int64-convertible step; defaults to ``tf.summary.experimental.get_step()``.
        description: A Markdown description shown in TensorBoard.

    Returns:
        A bool tensor: True when written, False when there is no default writer.

    >>> import tempfile, tensorflux as tf
    >>> writer = tf.summary.create_file_writer(tempfile.mkdtemp())
    >>> with writer.as_default():
    ...     bool(tf.summary.scalar("loss", 0.25, step=1))
    True
    """
    metadata = plugin_metadata(PLUGIN_NAME, description=description)
    with summary_scope(name, "scalar_summary", values=[data, step]) as (tag, _):
        data = convert_to_tensor(data)
        if data._shape_tuple() != ():
            raise ValueError(f"Expected scalar shape, saw shape: {tuple(data._shape_tuple())}.")
        if data.dtype is dtypes.string:
            raise UnimplementedError("Cast string to float is not supported")
        return tensor_summary(tag, data, step, metadata, encode=_to_float32)
