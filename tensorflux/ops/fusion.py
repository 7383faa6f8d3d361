"""A tf.function pass for convnets: the steps after a convolution, fused into one compiled pass.

Keras layers follow a convolution with full-size elementwise steps: the bias (``AddV2``), an
inference batch norm (``Mul`` by a per-channel vector, then ``AddV2`` of another) and the
activation (``Relu``, ``Relu6``). Each is a pass over a tensor of up to 100 MB, on one core.
``fuse_affine_activation`` turns a chain of them — at most one of each kind, in that order, each
result read only by the next — into one step that runs ``kernels/epilogue.py`` once, on every
core. The chain's operands are known only when it runs: when they are not one full tensor and
per-channel vectors of its dtype (or the tensor is small), the step runs the original steps.
"""

from __future__ import annotations

import numpy as np

from ..framework import passes
from . import kernels

_compiled = kernels.lazy("epilogue")

MIN_ELEMENTS = 1 << 17  # below this NumPy's passes cost less than waking the threads (MLP layers stay NumPy)
_SCALE, _SHIFT, _CLAMP = 0, 1, 2  # the stages, in the order a chain may run them
_CLAMPS = {"Relu": (0.0, np.inf), "Relu6": (0.0, 6.0)}


def _stage(step, chain_input=None):
    """The stage ``step`` can be in a chain (fed ``chain_input`` by the stage before), or None."""
    if step is None or len(step.outputs) != 1 or step.attrs or isinstance(step, passes.FusedStep):
        return None
    name = step.prim.name
    if name in _CLAMPS:
        return _CLAMP
    if name not in ("Mul", "AddV2", "Sub") or len(step.inputs) != 2 or step.inputs[0] == step.inputs[1]:
        return None
    if chain_input is not None and name == "Sub" and step.inputs[0] != chain_input:
        return None  # v - x is no shift of x
    return _SCALE if name == "Mul" else _SHIFT


class AffineClampStep(passes.FusedStep):
    """``clamp(x * scale + shift)`` in one kernel call, or the chain's own steps when that does not apply."""

    __slots__ = ()

    def run(self, slots):
        operands = self._operands(slots)
        if operands is None:
            super().run(slots)
            return
        x, scale, shift, low, high = operands
        out = np.empty_like(x)
        _compiled.affine_clamp(x.reshape(-1, x.shape[-1]), scale, shift, low, high, out.reshape(-1, x.shape[-1]))
        output = self.outputs[0]
        slots[output] = out
        for s in self.steps:
            for i in s.release:
                if i != output:
                    slots[i] = None

    def _operands(self, slots):
        steps, first = self.steps, self.steps[0]
        if first.prim.name in _CLAMPS:
            x, chain_input = slots[first.inputs[0]], first.inputs[0]
        else:
            a, b = (slots[i] for i in first.inputs)
            if np.ndim(a) >= np.ndim(b) and np.size(a) >= np.size(b):
                x, chain_input = a, first.inputs[0]
            elif first.prim.name == "Sub":
                return None
            else:
                x, chain_input = b, first.inputs[1]
        if (type(x) is not np.ndarray or x.dtype not in (np.float32, np.float64) or x.size < MIN_ELEMENTS
                or not x.flags.c_contiguous):
            return None
        channels = x.shape[-1]
        scale = shift = None
        low, high = -np.inf, np.inf
        for s in steps:
            name = s.prim.name
            if name in _CLAMPS:
                low, high = _CLAMPS[name]
            else:
                other = slots[s.inputs[1] if s.inputs[0] == chain_input else s.inputs[0]]
                vector = _channel_vector(other, x, channels)
                if vector is None:
                    return None
                if name == "Mul":
                    scale = vector
                else:
                    shift = -vector if name == "Sub" else vector
            chain_input = s.outputs[0]
        ones = np.ones(channels, x.dtype)
        return (x, ones if scale is None else scale, ones * 0 if shift is None else shift, low, high)


def _channel_vector(v, x, channels):
    """``v`` as a ``[C]`` vector when it broadcasts along ``x``'s last axis alone (a scalar counts); else None."""
    if not isinstance(v, (np.ndarray, np.generic)) or v.dtype != x.dtype or v.ndim > x.ndim:
        return None
    if v.size == 1:
        return np.full(channels, v.reshape(()), x.dtype)
    if v.shape[-1] == channels and v.size == channels:
        return np.ascontiguousarray(v.reshape(channels))
    return None


def fuse_affine_activation(plan):
    """Replaces each chain of scale, shift and clamp steps (two or more) by one ``AffineClampStep``."""
    uses = passes._uses(plan)
    consumer = {i: s for s in plan.steps for i in s.inputs}
    outputs = set(plan.outputs)
    absorbed, replaced = set(), {}
    for s in plan.steps:
        stage = _stage(s)
        if id(s) in absorbed or stage is None:
            continue
        chain = [s]
        while True:
            out = chain[-1].outputs[0]
            if uses.get(out) != 1 or out in outputs:
                break
            nxt = consumer.get(out)
            next_stage = _stage(nxt, out)
            if next_stage is None or next_stage <= stage or id(nxt) in absorbed:  # (a step joins one chain)
                break
            chain.append(nxt)
            stage = next_stage
        if len(chain) > 1:
            absorbed.update(id(c) for c in chain)
            replaced[id(chain[-1])] = AffineClampStep(chain)
    steps = [replaced.get(id(s), s) for s in plan.steps if id(s) not in absorbed or id(s) in replaced]
    return passes.Plan(steps, plan.inputs, plan.outputs, plan.constants, plan.n_slots)


passes.register_pass(fuse_affine_activation)


_PADDED_CONVOLUTIONS = ("Conv2D", "DepthwiseConv2dNative", "Conv3D")


def fold_padding_into_convolutions(plan):
    """A zero ``Pad`` of the spatial axes read only by a VALID convolution becomes that convolution's padding.

    (``ZeroPadding2D`` before a strided convolution, as MobileNet does: the padded copy is never made.)
    """
    uses = passes._uses(plan)
    producer = {o: s for s in plan.steps for o in s.outputs}
    folded, steps = set(), []
    for s in plan.steps:
        pad = producer.get(s.inputs[0]) if s.prim.name in _PADDED_CONVOLUTIONS and s.inputs else None
        spatial = _spatial_zero_padding(pad) if pad is not None and s.attrs.get("padding") == "VALID" else None
        if spatial is not None and uses.get(pad.outputs[0]) == 1 and pad.outputs[0] not in plan.outputs:
            folded.add(id(pad))
            s = passes.Step(s.prim, (pad.inputs[0], *s.inputs[1:]), s.outputs, {**s.attrs, "padding": spatial})
        steps.append(s)
    steps = [s for s in steps if id(s) not in folded]
    return passes.Plan(steps, plan.inputs, plan.outputs, plan.constants, plan.n_slots)


def _spatial_zero_padding(step):
    """The spatial ``(before, after)`` pairs of a channels-last zero ``Pad``, or None."""
    if step.prim.name != "Pad" or step.attrs.get("mode") != "CONSTANT" or step.attrs.get("constant_values") != 0:
        return None
    pairs = tuple(tuple(p) for p in step.attrs["paddings"])
    if len(pairs) < 3 or pairs[0] != (0, 0) or pairs[-1] != (0, 0):
        return None
    return pairs[1:-1]


passes.register_pass(fold_padding_into_convolutions)
