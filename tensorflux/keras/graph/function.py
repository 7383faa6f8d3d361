"""A model graph from its inputs and outputs: the nodes in topological order, and running them.

``map_graph`` walks back from the outputs along each tensor's ``KerasHistory`` (a depth-first
search), gives every node a depth (its distance from the outputs), checks that every tensor
needed can be computed from the inputs, and that operation names are unique.
"""

from __future__ import annotations

import collections

from ...framework import nest


def make_node_key(operation, node_index) -> str:
    return f"{id(operation)}_ib-{node_index}"


def map_graph(inputs, outputs):
    """``(node keys, nodes_by_depth, operations, operations_by_depth)`` of the graph."""
    nodes_in_order, operation_indices = _build_map(inputs, outputs)
    in_graph = {id(n) for n in nodes_in_order}
    network_nodes = {make_node_key(n.operation, n.operation._inbound_nodes.index(n)) for n in nodes_in_order}
    node_depths: dict[int, int] = {}
    nodes_by_id = {id(n): n for n in nodes_in_order}
    operation_depths: dict[int, int] = {}
    operations_by_id = {}
    for node in reversed(nodes_in_order):
        depth = node_depths.setdefault(id(node), 0)
        depth = max(depth, operation_depths.get(id(node.operation), 0))
        operation_depths[id(node.operation)] = depth
        operations_by_id[id(node.operation)] = node.operation
        node_depths[id(node)] = depth
        for parent in node.parent_nodes:
            if id(parent) in in_graph:
                node_depths[id(parent)] = max(depth + 1, node_depths.get(id(parent), 0))
    for x in inputs:  # inputs not connected to the outputs still belong to the model
        operation = x._keras_history[0]
        if operation is not None and id(operation) not in operation_depths:
            node = operation._inbound_nodes[x._keras_history.node_index]
            if node.is_input:
                operation_depths[id(operation)] = 0
                operations_by_id[id(operation)] = operation
                operation_indices[id(operation)] = -1
                node_depths[id(node)] = 0
                nodes_by_id[id(node)] = node
                network_nodes.add(make_node_key(operation, x._keras_history.node_index))
    nodes_by_depth = collections.defaultdict(list)
    for key, depth in node_depths.items():
        nodes_by_depth[depth].append(nodes_by_id[key])
    operations_by_depth = collections.defaultdict(list)
    for key, depth in operation_depths.items():
        operations_by_depth[depth].append(operations_by_id[key])
    operations = []
    for depth in sorted(operations_by_depth, reverse=True):
        ops = operations_by_depth[depth]
        ops.sort(key=lambda op: operation_indices[id(op)])
        operations.extend(ops)
    _check_computable(inputs, nodes_by_depth)
    names = [op.name for op in operations]
    for name in names:
        if names.count(name) != 1:
            raise ValueError(f'The name "{name}" is used {names.count(name)} times in the model. All operation names '
                             "should be unique.")
    nodes_by_depth = dict(sorted(nodes_by_depth.items(), reverse=True))
    return network_nodes, nodes_by_depth, operations, dict(operations_by_depth)


def _check_computable(inputs, nodes_by_depth):
    computable = {id(x) for x in inputs}
    done = []
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            for x in node.input_tensors:
                if id(x) not in computable:
                    raise ValueError(f"Graph disconnected: cannot find parent for tensor {x} at operation "
                                     f"'{node.operation}'. The following previous operations were accessed without "
                                     f"issue: {done}")
                done.append(node.operation.name)
            computable.update(id(x) for x in node.outputs)


def _build_map(inputs, outputs):
    """Nodes from the inputs to the outputs (depth-first), and each operation's first-seen index."""
    finished, in_progress = set(), set()
    ordered, operation_indices = [], {}
    input_ids = {id(x) for x in inputs}

    def visit(tensor):
        operation, node_index, _ = tensor._keras_history
        if operation is None:
            return
        node = operation._inbound_nodes[node_index]
        if id(node) in finished:
            return
        if not node.is_input and id(tensor) in input_ids:
            finished.add(id(node))
            return
        if id(node) in in_progress:
            raise ValueError(f"Tensor {tensor} from operation '{operation.name}' is part of a cycle.")
        operation_indices.setdefault(id(operation), len(operation_indices))
        in_progress.add(id(node))
        if not node.is_input:
            for x in node.input_tensors:
                visit(x)
        finished.add(id(node))
        in_progress.discard(id(node))
        ordered.append(node)

    for output in nest.flatten(outputs):
        visit(output)
    return ordered, operation_indices


def run_through_graph(inputs, flat_inputs, outputs_struct, flat_outputs, nodes_by_depth, call):
    """Feeds values for the inputs and calls each node's operation in order; returns the outputs.

    ``call(operation, args, kwargs)`` runs one node (a layer call, with ``training`` passed on).
    """
    values = {id(x): y for x, y in zip(flat_inputs, inputs)}
    for nodes in nodes_by_depth.values():
        for node in nodes:
            if node.is_input or any(id(x) not in values for x in node.input_tensors):
                continue
            args, kwargs = node.arguments.fill_in(values)
            outputs = call(node.operation, args, kwargs)
            for x, y in zip(node.outputs, nest.flatten(outputs)):
                values[id(x)] = y
    results = []
    for i, x in enumerate(flat_outputs):
        if id(x) not in values:
            raise ValueError(f"Output with path `{i}` is not connected to `inputs`")
        results.append(values[id(x)])
    return nest.pack_sequence_as(outputs_struct, results)


def _paths(structure, prefix=()):
    """The path of each leaf of a nested structure (dict keys in sorted order, as ``nest.flatten``)."""
    if isinstance(structure, dict):
        return [p for key in sorted(structure) for p in _paths(structure[key], prefix + (key,))]
    if isinstance(structure, (list, tuple)):
        return [p for i, v in enumerate(structure) for p in _paths(v, prefix + (i,))]
    return [prefix]


def check_connected(flat_inputs, outputs_struct, flat_outputs, nodes_by_depth):
    """Raises Keras' error when an output cannot be computed from the given inputs alone."""
    known = {id(x) for x in flat_inputs}
    for nodes in nodes_by_depth.values():
        for node in nodes:
            if node.is_input or any(id(x) not in known for x in node.input_tensors):
                continue
            known.update(id(x) for x in node.outputs)
    for path, x in zip(_paths(outputs_struct), flat_outputs):
        if id(x) not in known:
            raise ValueError(f"Output with path `{'.'.join(str(p) for p in path)}` is not connected to `inputs`")
