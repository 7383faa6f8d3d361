"""The object graph a checkpoint saves: objects, the named edges between them, and their variables.

An object's *children* are found generically, as ``tf.Module`` finds its variables: the entries
of its ``__dict__`` (attribute name -> value), the items of a list or tuple (``"0"``, ``"1"``…)
and of a dict (its keys). So ``tf.Module``s, Keras layers and models, optimizers, nested
``Checkpoint``s and plain Python objects are all tracked the same way, by attribute path —
``model/dense/kernel``. An object may instead name its children itself by defining
``_checkpoint_dependencies() -> dict`` (``Checkpoint`` does).

Variables are the leaves that carry values. Every object gets one *canonical* path: the
shortest one from the root (breadth-first, children in sorted order), so a variable shared by
two objects is saved once, preferably where an object's attribute holds it (``layer.kernel``
rather than ``optimizer._trainable_variables[0]``). Objects that only point at variables owned
elsewhere are left out unless useful (see ``_leading_to_variables``); every edge between the
objects kept is saved too (as a link in the file), so a restore that reaches an object by any
saved name finds it.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field

import numpy as np

from ..framework.tensor import TensorOperators

# Where a pending restore-on-create hook lives on an owner object (see ``deferred.py``); never a child.
DEFERRED_HOOKS_ATTRIBUTE = "_checkpoint_deferred"

# Values that can never own a variable: walking into them is wasted work (or walks a whole module).
_NEVER_TRACKED = (type(None), bool, int, float, complex, str, bytes, bytearray, np.ndarray, np.generic, type,
                  types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                  types.CodeType, types.FrameType, types.GeneratorType, property, staticmethod, classmethod)


def is_variable(value) -> bool:
    return getattr(type(value), "_is_variable", False) is True


def is_trackable(value) -> bool:
    """Whether ``value`` may own variables (or is one): a variable, a container or an object with attributes."""
    if is_variable(value):
        return True
    if isinstance(value, (list, tuple, dict)):
        return True
    if isinstance(value, (*_NEVER_TRACKED, TensorOperators)):
        return False
    return isinstance(getattr(value, "__dict__", None), dict)


def children(obj) -> list[tuple[str, object]]:
    """The named, trackable children of ``obj``, in a stable (sorted) order. Variables have none."""
    if is_variable(obj):
        return []
    custom = getattr(obj, "_checkpoint_dependencies", None)
    if custom is not None and callable(custom) and not isinstance(obj, type):
        items = list(custom().items())
    elif isinstance(obj, dict):
        items = [(str(k), v) for k, v in obj.items() if isinstance(k, (str, int)) and not isinstance(k, bool)]
    elif isinstance(obj, (list, tuple)):
        items = [(str(i), v) for i, v in enumerate(obj)]
        return [(name, v) for name, v in items if is_trackable(v)]
    else:
        items = [(k, v) for k, v in vars(obj).items() if k != DEFERRED_HOOKS_ATTRIBUTE]
    return sorted(((name, v) for name, v in items if name != "" and is_trackable(v)), key=lambda item: item[0])


MISSING = object()


def child(obj, name: str):
    """The child of ``obj`` called ``name`` (as ``children`` names it), or ``MISSING``."""
    if is_variable(obj):
        return MISSING
    custom = getattr(obj, "_checkpoint_dependencies", None)
    if custom is not None and callable(custom) and not isinstance(obj, type):
        value = custom().get(name, MISSING)
    elif isinstance(obj, dict):
        value = obj.get(name, MISSING)
        if value is MISSING and _is_index(name):
            value = obj.get(int(name), MISSING)
    elif isinstance(obj, (list, tuple)):
        value = obj[int(name)] if _is_index(name) and int(name) < len(obj) else MISSING
    else:
        attributes = getattr(obj, "__dict__", None)
        value = attributes.get(name, MISSING) if isinstance(attributes, dict) else MISSING
    return value if value is not MISSING and is_trackable(value) else MISSING


def _is_index(name: str) -> bool:
    return name.isdigit() and (name == "0" or not name.startswith("0"))


@dataclass(eq=False)
class Node:
    """One object of the graph: its canonical path and its named edges (to other nodes)."""

    obj: object
    path: tuple[str, ...]
    edges: list[tuple[str, Node]] = field(default_factory=list)

    @property
    def is_variable(self) -> bool:
        return is_variable(self.obj)


def collect(root) -> list[Node]:
    """Every object reachable from ``root`` that leads to a variable, root first, breadth-first.

    Each node's ``edges`` hold every edge to a kept node; the edge that gave a node its canonical
    path is the one whose name equals the last element of that path from its parent.
    """
    root_node = Node(root, ())
    nodes, by_id, queue = [root_node], {id(root): root_node}, [root_node]
    for node in queue:  # grows while it is walked: breadth-first
        for name, value in children(node.obj):
            target = by_id.get(id(value))
            if target is None:
                target = by_id[id(value)] = Node(value, node.path + (name,))
                nodes.append(target)
                queue.append(target)
            node.edges.append((name, target))
    _prefer_owning_attributes(nodes)
    useful = _leading_to_variables(nodes)
    for node in nodes:
        node.edges = [(name, target) for name, target in node.edges if id(target) in useful]
    return [node for node in nodes if id(node) in useful or node is root_node]


def _prefer_owning_attributes(nodes: list[Node]) -> None:
    """Moves each variable to the shortest path that ends in an object's attribute, if it has one.

    ``layer.kernel`` owns the kernel; ``optimizer._trainable_variables[0]`` only lists it, and may
    be found first because it is shorter. Items of lists and dicts stay the canonical place only
    for variables that no attribute holds (``self.weights = [tf.Variable(...)]``).
    """
    incoming: dict[int, list[tuple[Node, str]]] = {}
    for node in nodes:
        for name, target in node.edges:
            if target.is_variable:
                incoming.setdefault(id(target), []).append((node, name))
    for node in nodes:
        if node.is_variable and node.path:
            parent, name = min(incoming[id(node)], key=lambda edge: (
                isinstance(edge[0].obj, (list, tuple, dict)), len(edge[0].path), edge[0].path + (edge[1],)))
            node.path = parent.path + (name,)


def _leading_to_variables(nodes: list[Node]) -> set[int]:
    """The nodes worth saving: those that own a variable, and those that refer to one usefully.

    An object *owns* a variable when it is one, or the variable lies below it along canonical
    (tree) edges. An object that only refers to variables owned elsewhere is kept when its path
    is public (no ``_private`` step: ``Checkpoint(model=m, layer=m.layers[0])`` keeps ``layer``)
    or when it is a list or dict holding variables itself (an optimizer's ``_velocities``, also
    listed in its ``_variables``). Other referrers are left out: a Keras graph node pointing at
    its layer saves nothing. Edges between kept objects are all saved.
    """
    useful: set[int] = set()
    changed = True
    while changed:  # one pass settles ownership (children come first); links may need another
        changed = False
        for node in reversed(nodes):
            if id(node) in useful:
                continue
            public = not any(step.startswith("_") for step in node.path)
            holds_variables = isinstance(node.obj, (list, tuple, dict))
            if node.is_variable or any(
                    id(target) in useful and (public or target.path == node.path + (name,)
                                              or (holds_variables and target.is_variable))
                    for name, target in node.edges):
                useful.add(id(node))
                changed = True
    return useful


def variables(root) -> list:
    """Every variable reachable from ``root`` (each once), in canonical-path order."""
    return [node.obj for node in collect(root) if node.is_variable]


def dotted(path) -> str:
    """A path as TF prints it in checkpoint messages: ``(root).model.kernel``."""
    return ".".join(("(root)",) + tuple(path))
