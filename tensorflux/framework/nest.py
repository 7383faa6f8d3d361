"""Nested structures of lists, tuples, dicts and namedtuples (``tf.nest``).

Leaves are everything else (strings, arrays and tensors included). Dicts are visited in sorted
key order and rebuilt in their own order, as in TF.
"""

from __future__ import annotations

import collections


def _is_sequence(x) -> bool:
    return isinstance(x, (list, tuple, dict))


def _sorted_keys(d) -> list:
    try:
        return sorted(d)
    except TypeError:  # keys of several types: group them by type name (TF refuses these)
        return sorted(d, key=lambda k: (type(k).__name__, str(k)))


def _children(x) -> list:
    if isinstance(x, dict):
        return [x[k] for k in _sorted_keys(x)]
    return list(x)


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
    """Puts the leaves of ``flat_sequence`` back into the shape of ``structure``.

    >>> pack_sequence_as({"b": 0, "a": [0, 0]}, [1, 2, 3])
    {'b': 3, 'a': [1, 2]}
    """
    flat = list(flat_sequence)
    if not _is_sequence(structure):
        if len(flat) != 1:
            raise ValueError(f"The target structure is of type `{type(structure)}`\n  {structure}\nHowever the input "
                             f"is a sequence ({type(flat_sequence)}) of length {len(flat)}.\n  {flat_sequence}\nnest "
                             "cannot guarantee that it is safe to map one to the other.")
        return flat[0]
    count = len(flatten(structure))
    if count != len(flat):
        raise ValueError(f"Could not pack sequence. Structure had {count} atoms, but flat_sequence had {len(flat)} "
                         f"items.  Structure: {structure}, flat_sequence: {flat_sequence}.")
    return _pack(structure, iter(flat))


def _pack(structure, leaves):
    if not _is_sequence(structure):
        return next(leaves)
    if isinstance(structure, dict):
        packed = {k: _pack(structure[k], leaves) for k in _sorted_keys(structure)}
        pairs = [(k, packed[k]) for k in structure]
        if isinstance(structure, collections.defaultdict):
            return type(structure)(structure.default_factory, pairs)
        return type(structure)(pairs)
    values = [_pack(child, leaves) for child in structure]
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):  # namedtuple
        return type(structure)(*values)
    return type(structure)(values)


def map_structure(func, *structures, check_types=True, expand_composites=False):
    """Applies ``func`` to corresponding leaves of structures of the same shape.

    >>> map_structure(lambda a, b: a + b, [1, (2, 3)], [10, (20, 30)])
    [11, (22, 33)]
    """
    if not structures:
        raise ValueError("Must provide at least one structure")
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=check_types)
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*leaves) for leaves in zip(*flats)])


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises TF's error (ValueError, or TypeError for different sequence types) where two structures differ."""
    problem = _difference(nest1, nest2, check_types)
    if problem is not None:
        error, detail = problem
        raise error(f"The two structures don't have the same nested structure.\n\nFirst structure: {_text(nest1)}\n\n"
                    f"Second structure: {_text(nest2)}\n\nMore specifically: {detail}\nEntire first structure:\n"
                    f"{_skeleton(nest1)}\nEntire second structure:\n{_skeleton(nest2)}")


def _difference(a, b, check_types):
    """The first place where two structures differ, as ``(error class, description)``, or None."""
    seq_a, seq_b = _is_sequence(a), _is_sequence(b)
    if seq_a != seq_b:
        seq, other = (a, b) if seq_a else (b, a)
        return ValueError, f'Substructure "{_text(seq)}" is a sequence, while substructure "{_text(other)}" is not'
    if not seq_a:
        return None
    if check_types and type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)):
        return TypeError, (f"The two namedtuples don't have the same sequence type. First structure {_text(a)} has "
                           f"type {type(a).__name__}, while second structure {_text(b)} has type {type(b).__name__}")
    if isinstance(a, dict) and isinstance(b, dict) and set(a) != set(b):
        return ValueError, (f"The two dictionaries don't have the same set of keys. First structure has keys "
                            f"{_text(_sorted_keys(a))}, while second structure has keys {_text(_sorted_keys(b))}")
    if len(a) != len(b):
        return ValueError, (f"The two structures don't have the same number of elements. First structure: "
                            f"{_text(a)}. Second structure: {_text(b)}")
    for x, y in zip(_children(a), _children(b)):
        problem = _difference(x, y, check_types)
        if problem is not None:
            return problem
    return None


def _text(x) -> str:
    return f"type={type(x).__name__} str={x}"


def _skeleton(x) -> str:
    """A structure with its leaves drawn as dots (TF's ``[., (., .)]``)."""
    if not _is_sequence(x):
        return "."
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k!r}: {_skeleton(x[k])}" for k in x) + "}"
    inner = ", ".join(_skeleton(c) for c in x)
    if not isinstance(x, tuple):
        return f"[{inner}]"
    return f"({inner},)" if len(x) == 1 else f"({inner})"


def is_nested(x) -> bool:
    """Whether ``x`` is a list, tuple, dict or namedtuple (strings and arrays are leaves)."""
    return _is_sequence(x)
