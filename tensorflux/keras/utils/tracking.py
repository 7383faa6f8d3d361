"""Lists and dicts that tell their owner layer about the layers and variables put in them.

``self.blocks = []`` then ``self.blocks.append(Dense(4))`` in a subclassed model: the Dense is
tracked (its weights are the model's), as Keras does.
"""

from __future__ import annotations


class TrackedList(list):
    def __init__(self, values, tracker):
        self._tracker = tracker
        super().__init__(tracker(v) for v in values)

    def append(self, value):
        super().append(self._tracker(value))

    def insert(self, index, value):
        super().insert(index, self._tracker(value))

    def extend(self, values):
        super().extend(self._tracker(v) for v in values)

    def __iadd__(self, values):
        self.extend(values)
        return self

    def __setitem__(self, key, value):
        if isinstance(key, slice):
            value = [self._tracker(v) for v in value]
        else:
            value = self._tracker(value)
        super().__setitem__(key, value)


class TrackedDict(dict):
    def __init__(self, values, tracker):
        self._tracker = tracker
        super().__init__((k, tracker(v)) for k, v in dict(values).items())

    def __setitem__(self, key, value):
        super().__setitem__(key, self._tracker(value))

    def update(self, *args, **kwargs):
        for k, v in dict(*args, **kwargs).items():
            self[k] = v

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]
