"""Optimisation passes over a traced graph, each a function from ops to ops.

- ``prune``: dead-code removal — only the ops the outputs need, plus every stateful op
  (placeholders are the graph's inputs: fed, not run).
"""

from __future__ import annotations


def prune(operations, outputs):
    """The ops that outputs depend on, and the stateful ops (assignments, prints, random draws), in order."""
    needed = set()
    stack = [t.op for t in outputs] + [op for op in operations if op.prim.stateful]
    while stack:
        op = stack.pop()
        if id(op) in needed:
            continue
        needed.add(id(op))
        stack.extend(x.op for x in op.inputs)
    return [op for op in operations if id(op) in needed and op.type != "Placeholder"]  # placeholders are fed


def optimize(graph, outputs):
    """The execution plan of a graph: its operations after every pass."""
    return prune(graph.get_operations(), outputs)
