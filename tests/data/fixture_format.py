"""The JSON form of dataset elements and values in ``tests/fixtures/data``: shared by the recorder
(``tools/record_data_fixtures.py``, run with TensorFlow) and the tests (run with tensorflux)."""

from __future__ import annotations

import re

import numpy as np


def encode(value):
    """Nested tuples, dicts and lists of arrays/scalars/bytes as JSON-ready data."""
    if isinstance(value, dict):
        return {"dict": [[k, encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    array = np.asarray(value)
    if array.dtype.kind in "OSU":
        text = [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in array.ravel().tolist()]
        return {"dtype": "string", "shape": list(array.shape), "values": text}
    values = array.ravel().tolist()
    if array.dtype.kind in "fc":
        values = [repr(v) if isinstance(v, float) and not np.isfinite(v) else v for v in values]
    return {"dtype": array.dtype.name, "shape": list(array.shape), "values": values}


def decode(data):
    """The value ``encode`` described (arrays back as NumPy arrays; strings as bytes)."""
    if "dict" in data:
        return {k: decode(v) for k, v in data["dict"]}
    if "tuple" in data:
        return tuple(decode(v) for v in data["tuple"])
    if "list" in data:
        return [decode(v) for v in data["list"]]
    if data["dtype"] == "string":
        out = np.empty(len(data["values"]), dtype=object)
        out[:] = [v.encode("latin-1") for v in data["values"]]
        return out.reshape(data["shape"])
    values = [float(v) if isinstance(v, str) else v for v in data["values"]]
    return np.array(values, dtype=data["dtype"]).reshape(data["shape"])


def clean_message(message: str) -> str:
    """An error message without TF's runtime decorations (function node, op name, traceback)."""
    message = re.sub(r"\{\{function_node [^}]*\}\}\s*", "", message)
    message = message.split("\nTraceback")[0]
    message = re.sub(r"\s*\[Op:[^\]]*\]( name:.*)?$", "", message.strip())
    return message.strip()
