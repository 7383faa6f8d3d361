"""``EpochIterator``: the steps of one epoch, from any data adapter, honouring ``steps_per_epoch``."""

from __future__ import annotations

import warnings

from .data_adapters import get_data_adapter


class EpochIterator:
    """Yields ``(step, batch)``; with ``steps_per_epoch`` the same stream continues into the next epoch.

    Runs out of data before ``steps_per_epoch`` steps: a warning, and the epoch (and training) ends.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                 class_weight=None):
        self.steps_per_epoch = steps_per_epoch
        self.data_adapter = get_data_adapter(x, y, sample_weight=sample_weight, batch_size=batch_size,
                                             steps_per_epoch=steps_per_epoch, shuffle=shuffle,
                                             class_weight=class_weight)
        self._num_batches = self.data_adapter.num_batches
        self._current_iterator = None
        self._steps_seen = 0
        self.ran_out = False

    @property
    def num_batches(self):
        return self.steps_per_epoch if self.steps_per_epoch else self._num_batches

    def first_batch(self):
        """A batch to build the model, losses and metrics with, without consuming the data."""
        if hasattr(self.data_adapter, "peek"):
            return self.data_adapter.peek()
        for batch in self.data_adapter.batches():
            return batch
        raise ValueError("Expected input data to be non-empty.")

    def reset(self):
        self._current_iterator = None
        self._steps_seen = 0

    def _interrupted_warning(self):
        warnings.warn("Your input ran out of data; interrupting training. Make sure that your dataset or generator "
                      "can generate at least `steps_per_epoch * epochs` batches. You may need to use the `.repeat()` "
                      "function when building your dataset.", stacklevel=3)

    def __iter__(self):
        self.data_adapter.on_epoch_begin()
        steps = self.steps_per_epoch or self._num_batches or -1
        if steps > 0:
            if self._current_iterator is None or self.steps_per_epoch is None:
                self._current_iterator = self.data_adapter.batches()
                self._steps_seen = 0
            for step in range(steps):
                if self._num_batches and self._steps_seen >= self._num_batches:
                    if self.steps_per_epoch:
                        self._interrupted_warning()
                        self.ran_out = True
                    break
                try:
                    batch = next(self._current_iterator)
                except StopIteration:
                    self._interrupted_warning()
                    self.ran_out = True
                    break
                self._steps_seen += 1
                yield step, batch
            if self._num_batches and self._steps_seen >= self._num_batches:
                self._current_iterator = self.data_adapter.batches()
                self._steps_seen = 0
        else:
            for step, batch in enumerate(self.data_adapter.batches()):
                self._steps_seen = step + 1
                yield step, batch
            if self._num_batches is None and self._steps_seen:
                self._num_batches = self._steps_seen
        self.data_adapter.on_epoch_end()
