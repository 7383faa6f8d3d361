"""``tf.print``: prints tensors as TF's PrintV2 kernel formats them (a graph op when traced)."""

from __future__ import annotations

import sys

import numpy as np

from ..framework import dtypes, nest
from ..framework.primitive import NOT_DIFFERENTIABLE, as_input, declare


def _format_element(v) -> str:
    if isinstance(v, (bytes, np.bytes_)):
        return '"' + v.decode("utf-8", "replace") + '"'
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (np.floating, float)):
        digits = 17 if np.asarray(v).dtype == np.float64 else 9
        return f"{float(v):.{digits}g}"
    return str(v)


def format_tensor(value, summarize: int = 3) -> str:
    """TF's text for a tensor: nested brackets, ``...`` beyond ``summarize`` items per axis."""
    value = np.asarray(value)

    def render(a, depth):
        if a.ndim == 0:
            return _format_element(a[()])
        n = a.shape[0]
        cut = summarize >= 0 and n > 2 * summarize
        idx = list(range(summarize)) + [None] + list(range(n - summarize, n)) if cut else list(range(n))
        parts = ["..." if i is None else render(a[i], depth + 1) for i in idx]
        sep = " " if a.ndim == 1 else "\n" + " " * (depth + 1)
        return "[" + sep.join(parts) + "]"

    return render(value, 0)


def _print_kernel(*values, template, output_stream, summarize, sep, end):
    it = iter(values)
    pieces = [format_tensor(next(it), summarize) if item is None else item for item in template]
    stream = output_stream
    if stream is sys.stderr or stream == "stderr":
        stream = sys.stderr
    elif stream is sys.stdout or stream == "stdout":
        stream = sys.stdout
    text = sep.join(pieces) + end
    if callable(stream):
        stream(text)
    else:
        stream.write(text)
    return np.zeros((0,), np.int32)


PRINT = declare("PrintV2", _print_kernel, lambda *v, **a: ((0,), dtypes.int32), NOT_DIFFERENTIABLE,
                stateful=True)


def tf_print(*inputs, output_stream=sys.stderr, summarize=3, sep=" ", end="\n", name=None):
    """Prints tensors and Python values, as ``tf.print`` (to stderr by default; every call when traced).

    >>> import sys, tensorflux as tf
    >>> tf.print("x:", tf.constant([1.5, 2.0]), output_stream=sys.stdout)
    x: [1.5 2]
    """
    template, tensors = [], []
    for item in inputs:
        if hasattr(item, "_value") and hasattr(item, "dtype"):
            template.append(None)
            tensors.append(as_input(item))
        elif nest.is_nested(item) and any(hasattr(x, "dtype") for x in nest.flatten(item)):
            template.append(str(nest.map_structure(lambda x: format_tensor(x._value) if hasattr(x, "_value") else x,
                                                   item)))
        else:
            template.append(str(item))
    return PRINT(*tensors, template=tuple(template), output_stream=output_stream,
                 summarize=int(summarize) if summarize is not None else 3, sep=sep, end=end, name=name)
