"""``keras.utils.PyDataset`` (and its old name ``Sequence``): batches by index, for ``fit``."""

from __future__ import annotations

from ..api_export import keras_export


@keras_export(["keras.utils.PyDataset", "keras.utils.Sequence"])
class PyDataset:
    """A dataset of batches: ``__len__`` is the number of batches, ``__getitem__(i)`` returns batch ``i``.

    ``workers``, ``use_multiprocessing`` and ``max_queue_size`` are accepted and stored; batches are
    read in order on the calling thread.

    >>> import numpy as np
    >>> class Batches(PyDataset):
    ...     def __len__(self):
    ...         return 2
    ...     def __getitem__(self, i):
    ...         return np.ones((4, 3)) * i, np.zeros((4, 1))
    >>> len(Batches())
    2
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    @property
    def workers(self):
        return getattr(self, "_workers", 1)

    @property
    def use_multiprocessing(self):
        return getattr(self, "_use_multiprocessing", False)

    @property
    def max_queue_size(self):
        return getattr(self, "_max_queue_size", 10)

    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    @property
    def num_batches(self):
        return len(self) if hasattr(self, "__len__") else None

    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass


Sequence = PyDataset
