"""``interleave`` and ``flat_map``: the elements of the datasets a function returns, mixed in turn.

TF's order: ``cycle_length`` slots each hold the dataset made from one input element; the slots
are visited in turn, taking up to ``block_length`` elements from each. A slot whose dataset
ends is refilled, when its turn comes, from the next input element. ``flat_map`` is the case of
one slot. With ``num_parallel_calls`` each open dataset is computed ahead by its own thread; the
order stays the same.
"""

from __future__ import annotations

from . import functions
from .dataset import Dataset
from .prefetching import background

_END = object()


class InterleaveDataset(Dataset):
    def __init__(self, input_dataset, map_func, cycle_length, block_length, parallel=False, flat=False):
        super().__init__([input_dataset])
        self._input, self._func = input_dataset, map_func
        self._cycle, self._block, self._parallel = cycle_length, block_length, parallel
        self._tf_name = "_FlatMapDataset" if flat else ("_ParallelInterleaveDataset" if parallel
                                                         else "_InterleaveDataset")

    def _open(self, element):
        dataset = functions.call(self._func, element)
        if not isinstance(dataset, Dataset):
            raise TypeError(f"The `map_func` argument must return a `Dataset` object. Got {type(dataset)}.")
        elements = dataset._iterate()
        return background(elements, self._block) if self._parallel else elements

    def _compute_spec(self):
        """The spec of the datasets the function returns, asked of the one made from the first element."""
        inputs = self._input._iterate()
        try:
            first = next(inputs, _END)
        finally:
            inputs.close()
        if first is _END:
            return self._input.element_spec  # nothing will flow
        dataset = functions.call(self._func, first)
        if not isinstance(dataset, Dataset):
            raise TypeError(f"The `map_func` argument must return a `Dataset` object. Got {type(dataset)}.")
        return dataset.element_spec

    def _iterate(self):
        inputs = self._input._iterate()
        slots = [None] * self._cycle
        index = block = opened = 0
        inputs_done = False
        try:
            while not inputs_done or opened:
                current = slots[index]
                if current is not None:
                    element = next(current, _END)
                    if element is not _END:
                        block += 1
                        if block == self._block:
                            block, index = 0, (index + 1) % self._cycle
                        yield element
                        continue
                    slots[index], opened = None, opened - 1
                    block, index = 0, (index + 1) % self._cycle
                elif not inputs_done:
                    element = next(inputs, _END)
                    if element is _END:
                        inputs_done = True
                    else:
                        slots[index], opened = self._open(element), opened + 1
                else:
                    block, index = 0, (index + 1) % self._cycle
        finally:
            for slot in slots:
                if slot is not None:
                    slot.close()
            inputs.close()
