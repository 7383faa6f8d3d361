"""``keras.callbacks.History``: what ``fit`` returns — every epoch's logs."""

from __future__ import annotations

from ..api_export import keras_export
from .callback import Callback


@keras_export(["keras.callbacks.History"])
class History(Callback):
    """Records ``history[name] = [value per epoch]`` and ``epoch``; ``fit`` adds one and returns it."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)
        self.model.history = self
