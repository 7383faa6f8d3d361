"""Python functions to and from text (Keras' format for ``Lambda`` layers), and small helpers."""

from __future__ import annotations

import binascii
import codecs
import marshal
import types


def func_dump(func) -> tuple:
    """``(code, defaults, closure)``: the function's bytecode in base64, as Keras writes it."""
    code = codecs.encode(marshal.dumps(func.__code__), "base64").decode("ascii")
    closure = tuple(c.cell_contents for c in func.__closure__) if func.__closure__ else None
    return code, func.__defaults__, closure


def func_load(code, defaults=None, closure=None, globs=None):
    """The function ``func_dump`` wrote (same Python version only: bytecode changes between them)."""
    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
        if isinstance(defaults, list):
            defaults = tuple(defaults)

    def cell(value):
        return (lambda: value).__closure__[0]

    if closure is not None:
        closure = tuple(cell(c) for c in closure)
    try:
        raw = codecs.decode(code.encode("ascii"), "base64")
    except (UnicodeEncodeError, binascii.Error):
        raw = code.encode("raw_unicode_escape")
    code = marshal.loads(raw)
    if globs is None:
        globs = globals()
    return types.FunctionType(code, globs, name=code.co_name, argdefs=defaults, closure=closure)


def to_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def removesuffix(x: str, suffix: str) -> str:
    return x[: -len(suffix)] if suffix and x.endswith(suffix) else x
