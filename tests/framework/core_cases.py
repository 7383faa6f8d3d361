"""Replays the cases recorded from real TensorFlow (``tools/record_core_fixtures.py``) on tensorflux.

Each case is a Python expression (or a few statements leaving ``result``); its outcome — a
tensor's dtype/shape/values, a text, a Python value's repr, a list of outcomes, or an error's class
and message — is described the same way the recorder does, so a test compares two dictionaries.
"""

from __future__ import annotations

import collections
import json
import math
import operator
import pathlib
import re
import textwrap

import numpy as np

import tensorflux as tf
from tensorflux.framework.graph import SymbolicTensor

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "core"
ENV = {"tf": tf, "np": np, "operator": operator, "collections": collections}

# TF's own class names in messages that name a class: ours are the public ones.
_CLASS_NAMES = {"tensorflow.python.framework.ops.EagerTensor": "EagerTensor", "ResourceVariable": "Variable",
                "_MklMatMul": "MatMul"}


def load(name: str) -> list[dict]:
    """The recorded cases of one fixture file."""
    return json.loads((FIXTURES / f"{name}.json").read_text())["cases"]


def describe(value) -> dict:
    """The outcome of a case, in the recorder's format."""
    if isinstance(value, SymbolicTensor):
        return {"type": "tensor", "dtype": value.dtype.name, "shape": value.shape.as_list(), "str": str(value)}
    if isinstance(value, (tf.Tensor, tf.Variable)):
        array = np.asarray(value.numpy())
        return {"type": "tensor", "dtype": value.dtype.name, "shape": list(array.shape),
                "value": repr(array.tolist())}
    if isinstance(value, str):
        return {"type": "str", "text": value}
    if type(value) in (list, tuple):
        return {"type": type(value).__name__, "items": [describe(v) for v in value]}
    if type(value) is dict:
        return {"type": "dict", "items": {str(k): describe(v) for k, v in value.items()}}
    return {"type": type(value).__name__, "repr": repr(value)}


def error_message(error: BaseException) -> str:
    text = str(error)
    text = re.sub(r"^\{\{function_node [^}]*\}\} ", "", text)
    text = re.sub(r"\n\t; NodeDef: .*(?= \[Op:)", "", text, flags=re.S)
    return re.sub(r" name: [^ ]*$", "", text)


def run(expr: str, env: dict | None = None) -> dict:
    """Evaluates one case with tensorflux as ``tf``; statements are run and leave ``result``."""
    scope = {**ENV, **(env or {})}
    try:
        if "\n" in expr or "result =" in expr:
            exec(textwrap.dedent(expr), scope)
            value = scope["result"]
        else:
            value = eval(expr, scope)
        out = describe(value)
    except Exception as e:  # the error is the outcome being compared
        out = {"error": type(e).__name__, "message": error_message(e)}
    return {"expr": expr, **out}


def without_message(case: dict) -> dict:
    """A case whose error message is not compared (only its class)."""
    return {k: v for k, v in case.items() if k != "message"}


def normalized(case: dict) -> dict:
    """A case with TF's internal class names replaced by the public ones tensorflux uses."""
    if "message" not in case:
        return case
    text = case["message"]
    for theirs, ours in _CLASS_NAMES.items():
        text = text.replace(theirs, ours)
    return {**case, "message": text}


def same(expected, got, rtol: float = 1e-6) -> bool:
    """Whether two outcomes agree: exactly, except tensor values, compared with a tolerance."""
    if isinstance(expected, dict) and isinstance(got, dict):
        if expected.keys() != got.keys():
            return False
        return all(_same_values(expected[k], got[k], rtol) if k == "value" else same(expected[k], got[k], rtol)
                   for k in expected)
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(same(a, b, rtol) for a, b in zip(expected, got))
    return expected == got


def _same_values(expected: str, got: str, rtol: float) -> bool:
    if expected == got:
        return True
    numbers = {"nan": math.nan, "inf": math.inf}
    try:
        a, b = (np.asarray(eval(text, {"__builtins__": {}}, numbers)) for text in (expected, got))
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=0, equal_nan=True))
    except (SyntaxError, NameError, TypeError, ValueError):
        return False


def mismatches(cases, env: dict | None = None, compare_messages: bool = True, normalize=None) -> list[str]:
    """The cases whose tensorflux outcome differs from TF's, each as a readable report.

    ``normalize(outcome) -> outcome`` is applied to both sides before comparing.
    """
    out = []
    for case in cases:
        got = run(case["expr"], env)
        expected = normalized(case)
        if normalize is not None:
            expected, got = normalize(expected), normalize(got)
        if not compare_messages:
            expected, got = without_message(expected), without_message(got)
        if not same(expected, got):
            out.append(f"{case['expr']}\n    TF:  {_short(expected)}\n    ours: {_short(got)}")
    return out


def _short(case: dict) -> str:
    return json.dumps({k: v for k, v in case.items() if k != "expr"})[:400]
