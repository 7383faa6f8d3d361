"""Optimisation passes: a traced graph becomes an execution plan of steps over numbered slots.

Each pass takes a plan and returns a plan, and is tested on its own:

- ``prune``: dead-code removal — keep the steps the outputs need, and every stateful step.
- ``eliminate_common_subexpressions``: one step for identical (op, inputs, attrs).
- ``fold_constants``: steps whose inputs are all constants are computed once, at compile time.
- ``fuse_elementwise``: a chain of elementwise steps, each feeding only the next, becomes one step.
- ``reuse_buffers``: an elementwise ufunc writes into an input buffer that dies at that step.
- ``release_dead_values``: each value is dropped right after its last use, which bounds peak memory
  and lets a variable be updated in place (nobody else holds its buffer any more).

Passes that know particular ops (the convnet epilogue of ``ops/fusion.py``) live on the floor that
defines those ops and join through ``register_pass``: the engine never imports them.
"""

from __future__ import annotations

import numpy as np

_UNHASHABLE = object()


class Step:
    """One kernel call: ``slots[outputs] = kernel(*slots[inputs], **attrs)``."""

    __slots__ = ("prim", "inputs", "outputs", "attrs", "out", "release")

    def __init__(self, prim, inputs, outputs, attrs):
        self.prim, self.inputs, self.outputs, self.attrs = prim, tuple(inputs), tuple(outputs), attrs
        self.out = None  # a slot whose buffer the kernel may write into (see reuse_buffers)
        self.release = ()  # slots no later step reads (see release_dead_values)

    @property
    def kernel(self):
        return self.prim.forward

    def run(self, slots):
        args = [slots[i] for i in self.inputs]
        if self.out is not None and _fits(args, slots[self.out]):
            result = self.prim.forward(*args, out=slots[self.out])  # the dead input's buffer (see reuse_buffers)
        else:
            result = self.prim.forward(*args, **self.attrs)
        outputs = self.outputs
        if len(outputs) == 1:
            slots[outputs[0]] = result
        else:
            for i, v in zip(outputs, result):
                slots[i] = v
        for i in self.release:
            slots[i] = None


def _fits(args, target) -> bool:
    """Whether the result of elementwise ``args`` can be written into ``target`` (no broadcasting, one dtype)."""
    if type(target) is not np.ndarray:
        return False
    shape, dtype = target.shape, target.dtype
    return all(getattr(a, "shape", None) == shape and a.dtype == dtype for a in args)


class FusedStep(Step):
    """Several elementwise steps run back to back (one plan entry, one buffer for the chain)."""

    __slots__ = ("steps",)

    def __init__(self, steps):
        super().__init__(steps[0].prim, (), steps[-1].outputs, {})
        self.steps = steps
        self.inputs = tuple(i for s in steps for i in s.inputs)

    def run(self, slots):
        for s in self.steps:
            s.run(slots)


class Plan:
    """Steps over slots; ``inputs`` and ``outputs`` are slot numbers, ``constants`` preset slots."""

    def __init__(self, steps, inputs, outputs, constants, n_slots):
        self.steps, self.inputs, self.outputs, self.constants, self.n_slots = steps, inputs, outputs, constants, n_slots

    def run(self, values):
        slots = [None] * self.n_slots
        for i, v in self.constants.items():
            slots[i] = v
        for i, v in zip(self.inputs, values):
            slots[i] = v
        for step in self.steps:
            step.run(slots)
        return [slots[i] for i in self.outputs]


def compile_graph(graph, inputs, outputs, passes=None) -> Plan:
    """The plan of ``graph`` computing ``outputs`` from ``inputs``, after the given passes (all by default)."""
    slot_of: dict[int, int] = {}

    def slot(t):
        return slot_of.setdefault(id(t), len(slot_of))

    input_slots = [slot(t) for t in inputs]
    steps, constants = [], {}
    for op in graph.get_operations():
        if op.type == "Placeholder":
            continue
        if op.type == "Const":
            constants[slot(op.outputs[0])] = op.attrs["value"]
            continue
        steps.append(Step(op.prim, [slot(x) for x in op.inputs], [slot(o) for o in op.outputs], op.attrs))
    plan = Plan(steps, input_slots, [slot(t) for t in outputs], constants, len(slot_of))
    for p in (default_passes() if passes is None else passes):
        plan = p(plan)
    return plan


def prune(plan: Plan) -> Plan:
    """Keeps the steps the outputs depend on, and the stateful ones (assignments, prints, draws)."""
    producer = {o: s for s in plan.steps for o in s.outputs}
    needed, stack = set(), [producer[o] for o in plan.outputs if o in producer]
    stack += [s for s in plan.steps if s.prim.stateful]
    while stack:
        s = stack.pop()
        if id(s) not in needed:
            needed.add(id(s))
            stack.extend(producer[i] for i in s.inputs if i in producer)
    return Plan([s for s in plan.steps if id(s) in needed], plan.inputs, plan.outputs, plan.constants, plan.n_slots)


def _attrs_key(attrs):
    try:
        key = tuple(sorted(attrs.items()))
        hash(key)
        return key
    except TypeError:
        return _UNHASHABLE


def _constant_key(value):
    """Small constants with equal dtype, shape and bytes are one value (the 1s of a dozen ``x + 1``)."""
    if isinstance(value, (np.ndarray, np.generic)) and value.size <= 16 and value.dtype.kind in "biuf":
        return value.dtype.str, value.shape, value.tobytes()
    return None


def _written_variables(step):
    """The variables a stateful step writes (its variable attributes), or None where it may write any."""
    from .variable import Variable

    written = [v for v in step.attrs.values() if isinstance(v, Variable)]
    return written or None


def eliminate_common_subexpressions(plan: Plan) -> Plan:
    """Identical pure steps on identical inputs run once; later uses read the first one's outputs.

    Two reads of a variable are identical when no step between them may write it, and equal small
    constants are one input: so each optimizer update's scalar arithmetic (``iterations + 1``,
    ``beta ** t``, the learning rate's correction) runs once per step, not once per variable.
    """
    alias: dict[int, int] = {}
    first_constant: dict[tuple, int] = {}
    for i, value in plan.constants.items():
        key = _constant_key(value)
        if key is not None:
            alias[i] = first_constant.setdefault(key, i)
    writes: dict[int, int] = {}  # id(variable) -> how many steps so far may have written it
    unknown_writes = 0  # stateful steps so far that may write any variable
    seen: dict[tuple, Step] = {}
    steps = []
    for s in plan.steps:
        s.inputs = tuple(alias.get(i, i) for i in s.inputs)
        if s.prim.stateful:
            written = _written_variables(s)
            if written is None:
                unknown_writes += 1
            for v in written or ():
                writes[id(v)] = writes.get(id(v), 0) + 1
            steps.append(s)
            continue
        variable = s.attrs.get("variable") if s.prim.name == "ReadVariableOp" and not s.inputs else None
        if variable is not None:
            key = ("ReadVariableOp", id(variable), writes.get(id(variable), 0), unknown_writes)
        else:
            attrs = _attrs_key(s.attrs)
            if attrs is _UNHASHABLE:
                steps.append(s)
                continue
            key = (s.prim.name, s.inputs, attrs)
        first = seen.get(key)
        if first is None:
            seen[key] = s
            steps.append(s)
        else:
            alias.update(zip(s.outputs, first.outputs))
    outputs = [alias.get(i, i) for i in plan.outputs]
    return Plan(steps, plan.inputs, outputs, plan.constants, plan.n_slots)


def fold_constants(plan: Plan) -> Plan:
    """Computes, once, every pure step whose inputs are all constants."""
    constants = dict(plan.constants)
    steps = []
    for s in plan.steps:
        if not s.prim.stateful and s.inputs and all(i in constants for i in s.inputs):
            result = s.prim.forward(*[constants[i] for i in s.inputs], **s.attrs)
            for i, v in zip(s.outputs, result if len(s.outputs) > 1 else (result,)):
                constants[i] = v
        else:
            steps.append(s)
    return Plan(steps, plan.inputs, plan.outputs, constants, plan.n_slots)


def _is_ufunc_step(s) -> bool:
    """An elementwise kernel that accepts ``out=`` (a NumPy ufunc, or a kernel that wraps one)."""
    if isinstance(s, FusedStep):  # already fused (here, or by a registered pass): not one ufunc
        return False
    kernel = s.prim.forward
    return (isinstance(kernel, np.ufunc) or isinstance(getattr(kernel, "ufunc", None), np.ufunc)) \
        and not s.attrs and len(s.outputs) == 1


def _uses(plan: Plan) -> dict[int, int]:
    counts: dict[int, int] = {}
    for s in plan.steps:
        for i in s.inputs:
            counts[i] = counts.get(i, 0) + 1
    for i in plan.outputs:
        counts[i] = counts.get(i, 0) + 1
    return counts


def fuse_elementwise(plan: Plan) -> Plan:
    """Merges chains of elementwise steps where each result feeds only the next step."""
    uses = _uses(plan)
    steps: list[Step] = []
    for s in plan.steps:
        prev = steps[-1] if steps else None
        chain_end = prev.steps[-1] if type(prev) is FusedStep else prev  # (a registered pass's step stays whole)
        if (prev is not None and _is_ufunc_step(s) and _is_ufunc_step(chain_end)
                and chain_end.outputs[0] in s.inputs and uses.get(chain_end.outputs[0]) == 1):
            steps[-1] = FusedStep((prev.steps if type(prev) is FusedStep else [prev]) + [s])
        else:
            steps.append(s)
    return Plan(steps, plan.inputs, plan.outputs, plan.constants, plan.n_slots)


def reuse_buffers(plan: Plan) -> Plan:
    """Lets an elementwise ufunc write into an input buffer that nothing reads afterwards.

    Only buffers the plan itself produced qualify (never a graph input, a constant, or a variable's
    value), and only when shape and dtype match the result — checked when the step runs.
    """
    last_use: dict[int, int] = {}
    flat = [s for st in plan.steps for s in (st.steps if isinstance(st, FusedStep) else [st])]
    for n, s in enumerate(flat):
        for i in s.inputs:
            last_use[i] = n
    produced = {o: s for s in flat for o in s.outputs if s.prim.name not in ("ReadVariableOp", "Identity",
                                                                            "StopGradient", "Reshape")}
    keep = set(plan.outputs) | set(plan.inputs) | set(plan.constants)
    for n, s in enumerate(flat):
        if not _is_ufunc_step(s):
            continue
        for i in s.inputs:
            if last_use.get(i) == n and i in produced and i not in keep and _is_ufunc_step(produced[i]):
                s.out = i  # used only when shapes and dtypes match at run time (broadcasting may differ)
                break
    return plan


def release_dead_values(plan: Plan) -> Plan:
    """Marks, on each step, the values that no later step reads (outputs and constants are kept)."""
    flat = [s for st in plan.steps for s in (st.steps if isinstance(st, FusedStep) else [st])]
    last: dict[int, Step] = {}
    for s in flat:
        for i in s.inputs + s.outputs:
            last[i] = s
    keep = set(plan.outputs) | set(plan.constants)
    for s in flat:
        s.release = tuple(sorted({i for i in s.inputs + s.outputs if last[i] is s and i not in keep}))
    return plan


_REGISTERED: list = []  # passes of higher floors, run after constant folding


def register_pass(fn) -> None:
    """Adds a pass (plan -> plan) from a higher floor; it runs before the generic elementwise fusion."""
    if fn not in _REGISTERED:
        _REGISTERED.append(fn)


def default_passes() -> tuple:
    return (prune, eliminate_common_subexpressions, fold_constants, prune, *_REGISTERED, fuse_elementwise,
            reuse_buffers, release_dead_values)
