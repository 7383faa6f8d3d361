"""A ``GraphDef`` of a tensorflux ``Graph``, for TensorBoard's graph dashboard (``graph.proto``,
``node_def.proto``, ``attr_value.proto``), and the ``RunMetadata`` that ``trace_export`` writes.

Each operation becomes a ``NodeDef``: its name, its op type (the primitive's TF name), its inputs
(``name`` for an op's first output, ``name:i`` for the others) and its attributes — the
primitive's attributes that have a protobuf form (bools, ints, floats, strings, dtypes, shapes,
arrays, lists of these), plus, as ``as_graph_def(add_shapes=True)`` gives them, ``T`` (the first
input's dtype), ``dtype``/``shape`` of placeholders and constants, and ``_output_shapes``. A
variable that ops read becomes a ``VarHandleOp`` node feeding its ``ReadVariableOp``s.

>>> node_def("init", "NoOp", ["^x"], {})
b'\\n\\x04init\\x12\\x04NoOp\\x1a\\x02^x'
"""

from __future__ import annotations

import numpy as np

from ..framework.dtypes import DType
from ..framework.shape import TensorShape
from . import messages, wire


def graph_def(graph) -> bytes:
    """The serialized ``GraphDef`` of a ``Graph`` (nodes in the order they were added)."""
    taken = {op.name for op in graph.get_operations()}
    handles: dict[int, str] = {}
    nodes = []
    for op in graph.get_operations():
        inputs = [_input_name(t) for t in op.inputs]
        attrs = {}
        for name, value in op.attrs.items():
            if getattr(value, "_is_variable", False):
                inputs.append(_handle_name(value, handles, taken, nodes))
            else:
                attrs[name] = _attr_value(value)
        attrs.update(_derived_attrs(op))
        nodes.append(node_def(op.name, op.type, inputs, attrs))
    return b"".join(wire.message(1, node) for node in nodes)


def node_def(name: str, op: str, inputs, attrs: dict) -> bytes:
    """A ``NodeDef``; attributes without a protobuf form (``None`` values) are left out."""
    entries = [wire.message(5, wire.string(1, k) + wire.message(2, v)) for k, v in sorted(attrs.items())
               if v is not None]
    return wire.string(1, name) + wire.string(2, op) + b"".join(wire.message(3, i.encode()) for i in inputs) + \
        b"".join(entries)


def run_metadata(graph_defs) -> bytes:
    """A ``RunMetadata`` holding one ``FunctionGraphs`` (its ``pre_optimization_graph``) per graph."""
    return b"".join(wire.message(4, wire.message(2, g)) for g in graph_defs)


def _input_name(tensor) -> str:
    return tensor.op.name if tensor.value_index == 0 else f"{tensor.op.name}:{tensor.value_index}"


def _handle_name(variable, handles, taken, nodes) -> str:
    """The ``VarHandleOp`` node of a variable, added before its first reader."""
    key = id(variable)
    if key not in handles:
        base = variable.name.split(":")[0]
        name, n = base, 0
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        handles[key] = name
        shape = tuple(variable.shape.as_list()) if variable.shape.rank is not None else None
        nodes.append(node_def(name, "VarHandleOp", [], {
            "dtype": _attr_value(variable.dtype), "shape": _shape_attr(shape),
            "shared_name": _attr_value(base), "_output_shapes": _shapes_attr([()]),
        }))
    return handles[key]


def _derived_attrs(op) -> dict:
    """The attributes TF's graphs carry that tensorflux keeps elsewhere (dtypes, shapes)."""
    attrs = {"_output_shapes": _shapes_attr([t._shape_tuple() for t in op.outputs])}
    if op.type in ("Placeholder", "Const", "ReadVariableOp") and op.outputs:
        attrs["dtype"] = _attr_value(op.outputs[0].dtype)
        if op.type == "Placeholder":
            attrs["shape"] = _shape_attr(op.outputs[0]._shape_tuple())
    elif op.inputs and "T" not in op.attrs:
        attrs["T"] = _attr_value(op.inputs[0].dtype)
    return attrs


def _attr_value(value) -> bytes | None:
    """An ``AttrValue``, or None for a value with no protobuf form (a function, an object)."""
    if isinstance(value, (bool, np.bool_)):
        return wire.key(5, wire.VARINT) + wire.varint(int(value))
    if isinstance(value, (int, np.integer)):
        return wire.key(3, wire.VARINT) + wire.varint(int(value))
    if isinstance(value, (float, np.floating)) and np.ndim(value) == 0 and not isinstance(value, np.ndarray):
        return wire.key(4, wire.FIXED32) + np.float32(value).tobytes()
    if isinstance(value, (str, bytes)):
        return wire.message(2, value.encode("utf-8") if isinstance(value, str) else value)
    if isinstance(value, DType):
        return wire.key(6, wire.VARINT) + wire.varint(messages.data_type(value))
    if isinstance(value, TensorShape):
        return _shape_attr(None if value.rank is None else tuple(value.as_list()))
    if isinstance(value, np.ndarray):
        return wire.message(8, messages.tensor_proto(value))
    if isinstance(value, (tuple, list)):
        return _list_attr(value)
    return None


def _list_attr(values) -> bytes | None:
    """An ``AttrValue.ListValue`` of values all of one kind."""
    if all(isinstance(v, (bool, np.bool_)) for v in values):
        items = wire.packed_varints(5, values)
    elif all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        items = wire.packed_varints(3, values)
    elif all(isinstance(v, (int, float, np.number)) for v in values):
        items = wire.packed_fixed(4, np.asarray(values, dtype="<f4").tobytes())
    elif all(isinstance(v, str) for v in values):
        items = wire.repeated_strings(2, values)
    elif all(isinstance(v, DType) for v in values):
        items = wire.packed_varints(6, [messages.data_type(v) for v in values])
    else:
        return None
    return wire.message(1, items)


def _shape_attr(shape) -> bytes:
    return wire.message(7, messages.tensor_shape(shape or (), unknown_rank=shape is None))


def _shapes_attr(shapes) -> bytes:
    return wire.message(1, b"".join(wire.message(7, messages.tensor_shape(s)) for s in shapes))
