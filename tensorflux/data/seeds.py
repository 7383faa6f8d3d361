"""Random streams for datasets (``shuffle``, ``random``, ``sample_from_datasets``), with TF's seed rules.

As for random ops: with no seeds a pipeline differs from run to run; with ``tf.random.set_seed``
or an operation ``seed`` (or both) it is the same on every run. A dataset that reshuffles each
pass draws each pass's seed from its own stream, so the sequence of orders repeats too.
The streams are NumPy's, so the orders differ from TF's.
"""

from __future__ import annotations

import numpy as np

from ..ops import random as random_ops


def seed_pair(seed):
    """TF's ``get_seed``: the (global, operation) seed pair, or None for a non-deterministic stream."""
    return random_ops.SEEDS.pair(seed)


class PassSeeds:
    """Hands out one generator per pass over a dataset: fresh ones, or the same one each time."""

    def __init__(self, seed, vary_each_pass: bool):
        pair = seed_pair(seed)
        entropy = list(pair) if pair is not None else None
        self._master = np.random.default_rng(entropy)
        self._fixed = int(self._master.integers(2**63))
        self._vary = vary_each_pass

    def next_generator(self) -> np.random.Generator:
        seed = int(self._master.integers(2**63)) if self._vary else self._fixed
        return np.random.default_rng(seed)
