"""``keras.callbacks.CallbackList``: calls every callback's hook in turn (adding History and the progress bar)."""

from __future__ import annotations

from ..api_export import keras_export
from .callback import Callback
from .history import History
from .progbar_logger import ProgbarLogger

_HOOKS = ("on_batch_begin", "on_batch_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
          "on_train_batch_end", "on_test_batch_begin", "on_test_batch_end", "on_predict_batch_begin",
          "on_predict_batch_end", "on_train_begin", "on_train_end", "on_test_begin", "on_test_end",
          "on_predict_begin", "on_predict_end")


@keras_export(["keras.callbacks.CallbackList"])
class CallbackList(Callback):
    """A container of callbacks that forwards each hook to all of them, in order."""

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        self.callbacks = list(callbacks) if callbacks else []
        for cb in self.callbacks:
            if not isinstance(cb, Callback) and not all(hasattr(cb, h) for h in ("set_model", "set_params")):
                raise TypeError(f"Expected an instance of `keras.callbacks.Callback`. Received: {cb} of type "
                                f"{type(cb)}")
        if add_history and not any(isinstance(cb, History) for cb in self.callbacks):
            self._history = History()
            self.callbacks.append(self._history)
        if add_progbar and not any(isinstance(cb, ProgbarLogger) for cb in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback):
        self.callbacks.append(callback)

    def set_params(self, params):
        self.params = params
        for cb in self.callbacks:
            cb.set_params(params)

    def set_model(self, model):
        super().set_model(model)
        for cb in self.callbacks:
            cb.set_model(model)


def _forward(name):
    """A hook that calls every callback's hook with ``(batch or epoch, logs)`` or ``(logs)``, as Keras does."""
    if name.endswith(("_begin", "_end")) and ("batch" in name or "epoch" in name):
        def hook(self, index, logs=None):
            for cb in self.callbacks:
                getattr(cb, name)(index, logs)
    else:
        def hook(self, logs=None):
            for cb in self.callbacks:
                getattr(cb, name)(logs)

    hook.__name__ = name
    return hook


for _name in _HOOKS:
    setattr(CallbackList, _name, _forward(_name))
