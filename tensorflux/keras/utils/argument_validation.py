"""Validating layer arguments (``kernel_size``, ``strides``, ``padding``, …) with Keras' messages."""

from __future__ import annotations


def standardize_tuple(value, n, name, allow_zero=False) -> tuple:
    """An int or an iterable of ``n`` ints → a tuple of ``n`` ints (positive, or ≥ 0 with ``allow_zero``)."""
    error = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if isinstance(value, int):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(error) from None
        if len(values) != n:
            raise ValueError(error)
        for v in values:
            try:
                int(v)
            except (ValueError, TypeError):
                raise ValueError(error + f"including element {v} of type {type(v)}") from None
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        raise ValueError(error + f", including values {bad} that do not satisfy `value {'>= 0' if allow_zero else '> 0'}`")
    return values


def standardize_padding(value, allow_causal=False):
    if isinstance(value, (list, tuple)):
        return value
    padding = value.lower()
    allowed = {"valid", "same", "causal"} if allow_causal else {"valid", "same"}
    if padding not in allowed:
        raise ValueError(f"The `padding` argument must be a list/tuple or one of {set_text(allowed)}. Received: {padding}")
    return padding


def validate_string_arg(value, allowable_strings, caller_name, arg_name, allow_none=False, allow_callables=False):
    if (allow_none and value is None) or (allow_callables and callable(value)):
        return
    if isinstance(value, str) and value in allowable_strings:
        return
    raise ValueError(f"Unknown value for `{arg_name}` argument of {caller_name}. Allowed values are: "
                     f"{allowable_strings}. Received: {arg_name}={value}")


def set_text(values) -> str:
    """A set as Python prints it, in sorted order (Python's own order changes from run to run)."""
    return "{" + ", ".join(repr(v) for v in sorted(values)) + "}"
