"""tf.function passes for convnets: what follows a convolution, fused into it or into one pass.

Keras layers follow a convolution with full-size elementwise steps: the bias (``AddV2``), an
inference batch norm (``Mul`` by a per-channel vector, then ``AddV2`` of another) and the
activation (``Relu``, ``Relu6``). Each is a pass over a tensor of up to 100 MB. A chain of them —
at most one of each kind, in that order, each result read only by the next — is
``clamp(x * scale + shift)`` per channel (an ``_epilogue.Epilogue``), and ``fuse_affine_activation``
replaces it by one step:

- ``ConvEpilogueStep`` when ``x`` is the output of a convolution that nothing else reads: the
  convolution applies the epilogue to each piece of its output while it is in cache (TF's
  grappler fuses the same way: ``_FusedConv2D``, ``_FusedDepthwiseConv2dNative``);
- ``AffineClampStep`` otherwise (two steps or more): one compiled pass (``kernels/epilogue.py``).

The operands are known only when the step runs: when they are not one float tensor and
per-channel vectors of its dtype (or the tensor is small), the step runs the original steps.
``fold_padding_into_convolutions`` (below) removes a ``ZeroPadding2D`` copy the same way.
"""

from __future__ import annotations

import numpy as np

from ..framework import passes
from . import kernels
from ._epilogue import Epilogue

_compiled = kernels.lazy("epilogue")

MIN_ELEMENTS = 1 << 17  # below this NumPy's passes cost less than waking the threads (MLP layers stay NumPy)
_SCALE, _SHIFT, _CLAMP = 0, 1, 2  # the stages, in the order a chain may run them
_CLAMPS = {"Relu": (0.0, np.inf), "Relu6": (0.0, 6.0)}
_FLOATS = kernels.FLOATS
# Convolutions whose forward kernel takes ``epilogue=``, and how many channels their output has.
_CONVOLUTION_CHANNELS = {
    "Conv2D": lambda w: w.shape[-1],
    "DepthwiseConv2dNative": lambda w: w.shape[-2] * w.shape[-1],
}


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


def _epilogue(chain, chain_input, slots, dtype, ndim, channels):
    """The ``Epilogue`` of ``chain`` applied to a ``[..., channels]`` tensor in slot ``chain_input``, or None."""
    scale = shift = None
    low, high = -np.inf, np.inf
    for s in chain:
        name = s.prim.name
        if name in _CLAMPS:
            low, high = _CLAMPS[name]
        else:
            vector = _channel_vector(slots[s.inputs[1] if s.inputs[0] == chain_input else s.inputs[0]],
                                     dtype, ndim, channels)
            if vector is None:
                return None
            if name == "Mul":
                scale = vector
            else:
                shift = -vector if name == "Sub" else vector
        chain_input = s.outputs[0]
    return Epilogue(np.ones(channels, dtype) if scale is None else scale,
                    np.zeros(channels, dtype) if shift is None else shift, dtype.type(low), dtype.type(high))


def _channel_vector(v, dtype, ndim, channels):
    """``v`` as a ``[C]`` vector when it broadcasts along the last axis alone (a scalar counts); else None."""
    if not isinstance(v, (np.ndarray, np.generic)) or v.dtype != dtype or v.ndim > ndim:
        return None
    if v.size == 1:
        return np.full(channels, v.reshape(()), dtype)
    if v.shape[-1] == channels and v.size == channels:
        return np.ascontiguousarray(v.reshape(channels))
    return None


class _ReplacingStep(passes.FusedStep):
    """A fused step that computes the chain's last output itself, or runs the steps it replaces."""

    __slots__ = ()

    def run_steps(self, slots):
        """The steps this one replaces, as written (when its operands do not fit)."""
        passes.FusedStep.run(self, slots)

    def _store(self, slots, result):
        output = self.outputs[0]
        slots[output] = result
        for s in self.steps:
            for i in s.release:
                if i != output:
                    slots[i] = None


class AffineClampStep(_ReplacingStep):
    """``clamp(x * scale + shift)`` in one kernel call."""

    __slots__ = ()

    def run(self, slots):
        first = self.steps[0]
        if first.prim.name in _CLAMPS:
            chain_input = first.inputs[0]
        else:
            a, b = (slots[i] for i in first.inputs)
            x_first = np.ndim(a) >= np.ndim(b) and np.size(a) >= np.size(b)
            chain_input = first.inputs[0] if x_first or first.prim.name == "Sub" else first.inputs[1]
        x = slots[chain_input]
        epilogue = None
        if (type(x) is np.ndarray and x.dtype in _FLOATS and x.size >= MIN_ELEMENTS and x.flags.c_contiguous
                and x.ndim >= 1):
            epilogue = _epilogue(self.steps, chain_input, slots, x.dtype, x.ndim, x.shape[-1])
        if epilogue is None:
            self.run_steps(slots)
            return
        out = np.empty_like(x)
        _compiled.affine_clamp(x.reshape(-1, x.shape[-1]), *epilogue, out.reshape(-1, x.shape[-1]))
        self._store(slots, out)


class ConvEpilogueStep(_ReplacingStep):
    """A convolution that applies the chain after it to its own output."""

    __slots__ = ()

    def run(self, slots):
        conv, chain = self.steps[0], self.steps[1:]
        x, w = slots[conv.inputs[0]], slots[conv.inputs[1]]
        epilogue = None
        if type(x) is np.ndarray and x.dtype in _FLOATS and type(w) is np.ndarray:
            channels = _CONVOLUTION_CHANNELS[conv.prim.name](w)
            epilogue = _epilogue(chain, conv.outputs[0], slots, x.dtype, x.ndim, channels)
        if epilogue is None:
            self.run_steps(slots)
            return
        self._store(slots, conv.prim.forward(*(slots[i] for i in conv.inputs), **conv.attrs, epilogue=epilogue))


def fuse_affine_activation(plan):
    """Replaces each chain of scale, shift and clamp steps by one step (see the module's docstring)."""
    uses = passes._uses(plan)
    consumer = {i: s for s in plan.steps for i in s.inputs}
    producer = {o: s for s in plan.steps for o in s.outputs}
    outputs = set(plan.outputs)

    def single_use(slot):
        return uses.get(slot) == 1 and slot not in outputs

    absorbed, replaced = set(), {}
    for s in plan.steps:
        stage = _stage(s)
        if id(s) in absorbed or stage is None:
            continue
        chain = [s]
        while single_use(chain[-1].outputs[0]):
            nxt = consumer.get(chain[-1].outputs[0])
            next_stage = _stage(nxt, chain[-1].outputs[0])
            if next_stage is None or next_stage <= stage or id(nxt) in absorbed:  # (a step joins one chain)
                break
            chain.append(nxt)
            stage = next_stage
        x_slots = s.inputs[:1] if s.prim.name in _CLAMPS or s.prim.name == "Sub" else s.inputs
        conv = next((producer[i] for i in x_slots if i in producer and single_use(i)
                     and producer[i].prim.name in _CONVOLUTION_CHANNELS and id(producer[i]) not in absorbed), None)
        if conv is not None:
            chain.insert(0, conv)
            replaced[id(chain[-1])] = ConvEpilogueStep(chain)
        elif len(chain) > 1:
            replaced[id(chain[-1])] = AffineClampStep(chain)
        else:
            continue
        absorbed.update(id(c) for c in chain)
    steps = [replaced.get(id(s), s) for s in plan.steps if id(s) not in absorbed or id(s) in replaced]
    return passes.Plan(steps, plan.inputs, plan.outputs, plan.constants, plan.n_slots)



_PADDED_CONVOLUTIONS = ("Conv2D", "DepthwiseConv2dNative", "Conv3D")


def fold_padding_into_convolutions(plan):
    """A zero ``Pad`` of the spatial axes read only by a VALID convolution becomes that convolution's padding.

    (``ZeroPadding2D`` before a strided convolution, as MobileNet does: the padded copy is never made.)
    """
    uses = passes._uses(plan)
    producer = {o: s for s in plan.steps for o in s.outputs}
    folded, steps = set(), []
    for s in plan.steps:
        plain = type(s) is passes.Step and s.prim.name in _PADDED_CONVOLUTIONS
        pad = producer.get(s.inputs[0]) if plain else None
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


# The padding first: a convolution that reads the unpadded input may then also take an epilogue.
passes.register_pass(fold_padding_into_convolutions)
passes.register_pass(fuse_affine_activation)
