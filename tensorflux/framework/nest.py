"""Nested structures of lists, tuples, dicts and namedtuples (``tf.nest``)."""

from __future__ import annotations


def _is_sequence(x) -> bool:
    return isinstance(x, (list, tuple, dict))


def _children(x):
    if isinstance(x, dict):
        return [x[k] for k in sorted(x, key=_sort_key)]
    return list(x)


def _sort_key(key):
    return (str(type(key)), key) if not isinstance(key, str) else ("", key)


def flatten(structure, expand_composites=False) -> list:
    """The leaves of a structure in TF's order (dict keys sorted).

    >>> flatten({"b": 1, "a": [2, 3]})
    [2, 3, 1]
    """
    if not _is_sequence(structure):
        return [structure]
    out = []
    for child in _children(structure):
        out.extend(flatten(child))
    return out


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Puts the leaves of ``flat_sequence`` back into the shape of ``structure``."""
    flat = list(flat_sequence)
    packed, used = _pack(structure, flat, 0)
    if used != len(flat):
        raise ValueError(f"Structure had {used} elements, but flat_sequence had {len(flat)} elements.")
    return packed


def _pack(structure, flat, i):
    if not _is_sequence(structure):
        return flat[i], i + 1
    if isinstance(structure, dict):
        items = {}
        for k in sorted(structure, key=_sort_key):
            items[k], i = _pack(structure[k], flat, i)
        return type(structure)((k, items[k]) for k in structure), i
    values = []
    for child in structure:
        v, i = _pack(child, flat, i)
        values.append(v)
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):  # namedtuple
        return type(structure)(*values), i
    return type(structure)(values), i


def map_structure(func, *structures, **kwargs):
    """Applies ``func`` to corresponding leaves of structures of the same shape."""
    assert_same_structure(*structures) if len(structures) > 1 else None
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*leaves) for leaves in zip(*flats)])


def assert_same_structure(nest1, nest2=None, *more, check_types=True, expand_composites=False):
    structures = [nest1] + ([nest2] if nest2 is not None else []) + list(more)
    first = _skeleton(structures[0])
    for other in structures[1:]:
        if _skeleton(other) != first:
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {structures[0]!r}\n\nSecond structure: {other!r}")


def _skeleton(x):
    if not _is_sequence(x):
        return "."
    if isinstance(x, dict):
        return ("dict", tuple((k, _skeleton(x[k])) for k in sorted(x, key=_sort_key)))
    return ("seq", tuple(_skeleton(c) for c in x))


def is_nested(x) -> bool:
    return _is_sequence(x)
