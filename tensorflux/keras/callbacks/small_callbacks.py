"""``TerminateOnNaN``, ``LambdaCallback`` and ``SwapEMAWeights``."""

from __future__ import annotations

import numpy as np

from ..api_export import keras_export
from ..utils.progbar import print_msg
from .callback import Callback


@keras_export(["keras.callbacks.TerminateOnNaN"])
class TerminateOnNaN(Callback):
    """Stops training as soon as a batch's loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print_msg(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True


@keras_export(["keras.callbacks.LambdaCallback"])
class LambdaCallback(Callback):
    """A callback made of functions: ``LambdaCallback(on_epoch_end=lambda epoch, logs: ...)``."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, **kwargs):
        super().__init__()
        self.__dict__.update(kwargs)
        hooks = {"on_epoch_begin": on_epoch_begin, "on_epoch_end": on_epoch_end, "on_train_begin": on_train_begin,
                 "on_train_end": on_train_end, "on_train_batch_begin": on_train_batch_begin,
                 "on_train_batch_end": on_train_batch_end}
        for name, fn in hooks.items():
            if fn is not None:
                setattr(self, name, fn)


@keras_export(["keras.callbacks.SwapEMAWeights"])
class SwapEMAWeights(Callback):
    """Evaluates (and predicts, and optionally ends epochs) with the optimizer's EMA weights swapped in."""

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _swap_variables(self):
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "_model_variables_moving_average"):
            raise ValueError("SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. Received: "
                             f"use_ema={getattr(optimizer, 'use_ema', None)}")
        for var, average in zip(self.model.trainable_variables, optimizer._model_variables_moving_average):
            temporary = var.numpy()
            var.assign(average)
            average.assign(temporary)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()

    def on_test_end(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()

    def on_predict_end(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
