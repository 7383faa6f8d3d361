"""Walks a model's saveable objects the way Keras 3 does, so the HDF5 paths are Keras' own.

A saveable (layer, model, optimizer, metric, loss) writes its variables with
``save_own_variables(store)`` at its path; then its children are visited, each under the name
of the attribute that holds it (``optimizer``, ``dense1``), in ``dir()`` order with private
names last. A Sequential or Functional model visits ``layers`` first. Objects in a list or dict
are named after their class in snake case, numbered when repeated (``layers/dense``,
``layers/dense_1``), and a list inside a list is a ``container``. Each object is visited once:
its first path wins.
"""

from __future__ import annotations

from ..utils.naming import to_snake_case

_SKIPSETS: dict[str, frozenset] = {}


def save_state(saveable, store, inner_path: str = "", visited: set | None = None) -> None:
    """Writes the variables of ``saveable`` and of everything it holds into ``store``."""
    visited = set() if visited is None else visited
    if id(saveable) in visited:
        return
    if hasattr(saveable, "save_own_variables"):
        name = getattr(saveable, "name", None)
        saveable.save_own_variables(store.make(inner_path, {"name": name} if isinstance(name, str) else None))
    visited.add(id(saveable))
    for attribute, child in walk_saveable(saveable):
        path = _join(inner_path, attribute)
        if is_saveable(child):
            save_state(child, store, path, visited)
        elif isinstance(child, (list, tuple, dict)):
            _save_container(child, store, path, visited, set())


def load_state(saveable, store, inner_path: str = "", visited: set | None = None, errors: dict | None = None):
    """Reads the variables of ``saveable`` and its children; failures are collected in ``errors``
    (``{id: (object, exception)}``) when it is given, else raised."""
    visited = set() if visited is None else visited
    if id(saveable) in visited:
        return
    if hasattr(saveable, "load_own_variables"):
        if errors is None:
            saveable.load_own_variables(store.get(inner_path))
        else:
            try:
                saveable.load_own_variables(store.get(inner_path))
            except Exception as e:  # noqa: BLE001 - reported together, with every object that failed
                errors[id(saveable)] = (saveable, e)
    visited.add(id(saveable))
    for attribute, child in walk_saveable(saveable):
        path = _join(inner_path, attribute)
        if is_saveable(child):
            load_state(child, store, path, visited, errors)
        elif isinstance(child, (list, tuple, dict)):
            _load_container(child, store, path, visited, errors, set())


def _save_container(container, store, inner_path, visited, seen_containers):
    for name, item in _named_items(container, seen_containers):
        if is_saveable(item):
            save_state(item, store, _join(inner_path, name), visited)
        else:
            _save_container(item, store, _join(inner_path, name), visited, seen_containers)


def _load_container(container, store, inner_path, visited, errors, seen_containers):
    for name, item in _named_items(container, seen_containers):
        if is_saveable(item):
            load_state(item, store, _join(inner_path, name), visited, errors)
        elif store.has_path(_join(inner_path, name)):
            _load_container(item, store, _join(inner_path, name), visited, errors, seen_containers)


def _named_items(container, seen_containers):
    """``(name, item)`` for the saveables and nested containers of a list/tuple/dict, Keras' names."""
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    used: dict[str, int] = {}
    for item in (container.values() if isinstance(container, dict) else container):
        if is_saveable(item):
            yield _unique_name(to_snake_case(type(item).__name__), used), item
        elif isinstance(item, (list, tuple, dict)):
            yield _unique_name("container", used), item


def _unique_name(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def is_saveable(obj) -> bool:
    return obj_type(obj) is not None


def obj_type(obj) -> str | None:
    from ..layers.layer import Layer
    from ..losses.loss import Loss
    from ..metrics.metric import Metric
    from ..models.functional import Functional
    from ..models.sequential import Sequential
    from ..optimizers.optimizer import Optimizer

    if isinstance(obj, type):
        return None
    if isinstance(obj, Sequential):
        return "Sequential"
    if isinstance(obj, Functional):
        return "Functional"
    if isinstance(obj, Metric):
        return "Metric"
    if isinstance(obj, Layer):
        return "Layer"
    if isinstance(obj, Optimizer):
        return "Optimizer"
    if isinstance(obj, Loss):
        return "Loss"
    return None


def walk_saveable(saveable):
    """``(attribute name, value)`` of the children Keras visits: layers' attributes only (optimizers,
    metrics and losses hold no saveable children in Keras' built-in classes)."""
    kind = obj_type(saveable)
    if kind not in ("Layer", "Functional", "Sequential"):
        return
    if kind in ("Sequential", "Functional"):
        yield "layers", saveable.layers
    skip = _skipset(kind)
    for attribute in sorted(dir(saveable), key=lambda x: f"~{x}" if x.startswith("_") else x):
        if attribute.startswith("__") or attribute in skip:
            continue
        try:
            value = getattr(saveable, attribute)
        except Exception:  # noqa: BLE001, S112 - a property that cannot be computed holds nothing to save
            continue
        yield attribute, value


def _skipset(kind: str) -> frozenset:
    """The attributes every plain layer has (never children), as Keras computes them from ``Layer()``."""
    if kind not in _SKIPSETS:
        from ..layers.layer import Layer

        names = set(dir(Layer())) | {"_self_unconditional_dependency_names"}
        if kind == "Functional":
            names |= {"operations", "_operations"}
        if kind == "Sequential":
            names |= {"_functional"}
        _SKIPSETS[kind] = frozenset(names)
    return _SKIPSETS[kind]
