"""``tf.print``: prints tensors as TF's PrintV2 kernel formats them (a graph op when traced)."""

from __future__ import annotations

import sys

import numpy as np

from ..framework import backend, dtypes, nest
from ..framework.primitive import NOT_DIFFERENTIABLE, as_input, declare


def _format_element(v) -> str:
    if isinstance(v, (bytes, np.bytes_)):
        return '"' + v.decode("utf-8", "replace") + '"'
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (complex, np.complexfloating)):
        return "?"  # TF's PrintV2 has no text for complex numbers
    if isinstance(v, (np.floating, float)) or type(v).__name__ == "bfloat16":
        return _format_float(v)
    return str(v)


def _format_float(v) -> str:
    """TF's FloatToBuffer: the shortest of 6 (15 for doubles) or 9 (17) significant digits that round-trips."""
    kind = np.float64 if np.asarray(v).dtype == np.float64 else np.float32
    value = kind(v)
    if value == 0:
        return "0"
    short, full = (15, 17) if kind is np.float64 else (6, 9)
    text = f"{float(value):.{short}g}"
    if np.isfinite(value) and kind(text) != value:
        text = f"{float(value):.{full}g}"
    return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(text, text)


def format_tensor(value, summarize: int = 3) -> str:
    """TF's text for a tensor: nested brackets, ``...`` beyond ``summarize`` items per axis."""
    value = np.asarray(value)

    def render(a, depth):
        if not isinstance(a, np.ndarray):  # an element of an object (string) array
            return _format_element(a)
        if a.ndim == 0:
            return _format_element(a[()])
        n = a.shape[0]
        cut = summarize >= 0 and n > 2 * summarize
        idx = list(range(summarize)) + [None] + list(range(n - summarize, n)) if cut else list(range(n))
        parts = ["..." if i is None else render(a[i], depth + 1) for i in idx]
        sep = " " if a.ndim == 1 else "\n" * (a.ndim - 1) + " " * (depth + 1)  # blank lines between blocks
        return "[" + sep.join(parts) + "]"

    return render(value, 0)


def format_structure(item) -> str:
    """A (nested) list, tuple or dict of tensors and Python values, tensors formatted as TF prints them."""
    if hasattr(item, "_value") and hasattr(item, "dtype"):
        return format_tensor(backend.to_numpy(item._value))
    if isinstance(item, dict):
        return "{" + ", ".join(f"{k!r}: {format_structure(v)}" for k, v in item.items()) + "}"
    if isinstance(item, list):
        return "[" + ", ".join(format_structure(v) for v in item) + "]"
    if isinstance(item, tuple):
        inner = ", ".join(format_structure(v) for v in item)
        return f"({inner},)" if len(item) == 1 else f"({inner})"
    return repr(item)


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
            template.append(format_structure(item))
        else:
            template.append(str(item))
    return PRINT(*tensors, template=tuple(template), output_stream=output_stream,
                 summarize=int(summarize) if summarize is not None else 3, sep=sep, end=end, name=name)
