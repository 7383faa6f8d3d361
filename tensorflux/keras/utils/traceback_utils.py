"""Errors raised inside a layer's ``call`` name the layer and its arguments, as Keras 3 does.

Keras puts terminal bold codes around the original message unconditionally; tensorflux adds
them only when the error output is a terminal (a file or a notebook log gets plain text).
"""

from __future__ import annotations

import inspect
import sys

from ...framework import nest
from ...framework.errors import OpError
from ...framework.tensor import TensorOperators


def format_argument_value(value) -> str:
    from ..graph.keras_tensor import KerasTensor

    if isinstance(value, TensorOperators) and not isinstance(value, KerasTensor):
        return f"tf.Tensor(shape={value.shape}, dtype={value.dtype.name})"
    return repr(value)


def call_with_context(fn, display_name, args, kwargs):
    """``fn(*args, **kwargs)``; an exception from it is re-raised with the call's context added."""
    from .. import config

    try:
        return fn(*args, **kwargs)
    except Exception as e:
        if getattr(e, "_keras_call_info_injected", False) or not config.is_traceback_filtering_enabled():
            raise
        try:
            signature = inspect.signature(fn)
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            raise e from None
        lines = []
        for parameter in signature.parameters.values():
            if parameter.name in bound.arguments:
                value = nest.map_structure(format_argument_value, bound.arguments[parameter.name])
            else:
                value = parameter.default
            lines.append(f"  • {parameter.name}={value}")
        if not lines:
            raise
        original = e.message if isinstance(e, OpError) else (e.args[0] if e.args else "")
        if _is_terminal():
            original = f"\x1b[1m{original}\x1b[0m"
        message = (f"Exception encountered when calling {display_name}.\n\n{original}\n\n"
                   f"Arguments received by {display_name}:\n" + "\n".join(lines))
        try:
            new = type(e)(e.node_def, e.op, message) if isinstance(e, OpError) else type(e)(message)
        except TypeError:
            new = RuntimeError(message)
        new._keras_call_info_injected = True
        raise new.with_traceback(e.__traceback__) from None


def _is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
