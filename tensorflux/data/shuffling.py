"""``shuffle``: a real shuffle buffer, as TF's.

The buffer is filled with the first ``buffer_size`` elements; then each output is a uniformly
chosen element of the buffer, whose place the next input element takes. So an element can come
out at most ``buffer_size - 1`` places before its input position: a buffer smaller than the data
shuffles only locally, and ``buffer_size >= cardinality`` gives a uniform permutation.
"""

from __future__ import annotations

from .seeds import PassSeeds
from .slicing import _PassThrough

_END = object()
_DRAWS = 1024  # random numbers drawn at a time (one call per element would dominate the cost)


class ShuffleDataset(_PassThrough):
    _tf_name = "_ShuffleDataset"

    def __init__(self, input_dataset, buffer_size, seed, reshuffle_each_iteration):
        super().__init__(input_dataset)
        self._size = buffer_size
        self._seeds = PassSeeds(seed, reshuffle_each_iteration)

    def _iterate(self):
        rng = self._seeds.next_generator()
        elements = self._input._iterate()
        buffer = []
        for element in elements:
            buffer.append(element)
            if len(buffer) == self._size:
                break
        draws, used = rng.random(_DRAWS), 0
        while buffer:
            if used == _DRAWS:
                draws, used = rng.random(_DRAWS), 0
            i = min(int(draws[used] * len(buffer)), len(buffer) - 1)
            used += 1
            yield buffer[i]
            replacement = next(elements, _END)
            if replacement is _END:
                buffer[i] = buffer[-1]
                buffer.pop()
            else:
                buffer[i] = replacement

