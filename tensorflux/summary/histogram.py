"""``tf.summary.histogram``: a ``[k, 3]`` float64 tensor of ``(left edge, right edge, count)`` rows,
read by TensorBoard's histograms and distributions dashboards.

The bucketing is TensorBoard's ``summary_v2`` code, in NumPy: ``k`` equal buckets between the
smallest and largest value, each closed on the left and open on the right except the last, which
is closed; one value repeated gives ``k`` zero-width buckets at that value with every count in the
last; no data gives ``k`` rows of zeros, and ``k = 0`` (or fewer) an empty ``[0, 3]`` tensor.
"""

from __future__ import annotations

import functools

import numpy as np

from ..framework import backend, dtypes
from ..framework.tensor import to_array
from .casting import cast_to_float
from .messages import plugin_metadata
from .state import summary_scope
from .write import tensor_summary

PLUGIN_NAME = "histograms"
DEFAULT_BUCKET_COUNT = 30


def histogram_buckets(data, bucket_count: int = DEFAULT_BUCKET_COUNT) -> np.ndarray:
    """The ``[bucket_count, 3]`` rows ``(left, right, count)`` of ``data``'s elements.

    >>> histogram_buckets(np.array([0.0, 1.0, 1.0, 3.0]), 3)
    array([[0., 1., 1.],
           [1., 2., 2.],
           [2., 3., 1.]])
    """
    bucket_count = max(0, bucket_count)
    data = cast_to_float(np.asarray(data).reshape(-1), np.float64)
    if data.size == 0 or bucket_count == 0:
        return np.zeros((bucket_count, 3))
    low, high = data.min(), data.max()
    span = high - low
    if span == 0:
        edges = np.full(bucket_count, high)
        counts = np.zeros(bucket_count)
        counts[-1] = data.size
        return np.stack([edges, edges, counts], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        indices = np.minimum(np.floor((data - low) / (span / bucket_count)), bucket_count - 1)
        counted = indices >= 0  # NaN (from NaN or infinite data) falls in no bucket
    counts = np.bincount(indices[counted].astype(np.intp), minlength=bucket_count).astype(np.float64)
    edges = np.linspace(low, high, bucket_count + 1)
    edges[-1] = high
    return np.stack([edges[:-1], edges[1:], counts], axis=1)


def _bucket_count(buckets) -> int:
    """``buckets`` checked as TF checks it: an int32 scalar, known when the summary is made."""
    if buckets is None:
        return DEFAULT_BUCKET_COUNT
    if hasattr(buckets, "_shape_tuple"):
        if buckets._value is None and not buckets._is_variable:
            raise NotImplementedError("tf.summary.histogram needs a bucket count known when the function is "
                                      "traced: pass a Python int, not a tensor computed in the graph.")
        array, dtype = backend.to_numpy(buckets.numpy()), buckets.dtype
    else:
        array = to_array(buckets)
        dtype = dtypes.from_numpy(array.dtype) if array.dtype != object else dtypes.string
    if np.ndim(array) != 0:
        raise ValueError(f"Expected scalar shape, saw shape: {np.shape(array)}.")
    if dtype is not dtypes.int32:
        raise TypeError(f"tensor must be of type tf.int32; got {dtype!r}")
    return int(array)


def histogram(name, data, step=None, buckets=None, description=None):
    """Writes a histogram of ``data``'s elements, for TensorBoard's histograms and distributions.

    Args:
        name: The summary's name; its tag is the name under the enclosing name scopes.
        data: A tensor of any shape whose values convert to float64.
        step: An int64-convertible step; defaults to ``tf.summary.experimental.get_step()``.
        buckets: The number of buckets (an int), 30 by default.
        description: A Markdown description shown in TensorBoard.

    Returns:
        A bool tensor: True when written, False when there is no default writer.

    >>> import tempfile, tensorflux as tf
    >>> writer = tf.summary.create_file_writer(tempfile.mkdtemp())
    >>> with writer.as_default():
    ...     bool(tf.summary.histogram("weights", tf.random.normal([100]), step=0))
    True
    """
    metadata = plugin_metadata(PLUGIN_NAME, description=description)
    bucket_count = _bucket_count(buckets)
    with summary_scope(name, "histogram_summary", values=[data, buckets, step]) as (tag, _):
        return tensor_summary(tag, data, step, metadata,
                              encode=functools.partial(histogram_buckets, bucket_count=bucket_count))
