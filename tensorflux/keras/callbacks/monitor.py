"""Which way a monitored value should go (``val_loss`` down, ``val_accuracy`` up), as Keras decides it."""

from __future__ import annotations

import numpy as np

_UP_WORDS = ("acc", "auc", "precision", "recall", "f1_score", "fbeta_score", "io_u", "top_k")


def metric_direction(model, monitor: str):
    """``"down"``/``"up"`` for the loss and the model's compiled metrics; None when unknown."""
    name = monitor.removeprefix("val_")
    if name == "loss" or name.endswith("_loss"):
        return "down"
    for metric in getattr(model, "_compiled_metric_objects", list)():
        if metric.name == name or name.endswith("_" + metric.name):
            return getattr(metric, "_direction", None) or _direction_from_name(metric.name)
    return None


def _direction_from_name(name: str):
    if any(word in name for word in _UP_WORDS):
        return "up"
    if "error" in name or "loss" in name or "crossentropy" in name or "hinge" in name or "divergence" in name:
        return "down"
    return None


def monitor_op_for(mode: str, model, monitor: str, caller: str):
    """``np.less`` or ``np.greater`` for ``mode`` ("min", "max", or "auto": from the metric)."""
    if mode == "min":
        return np.less
    if mode == "max":
        return np.greater
    direction = metric_direction(model, monitor)
    if direction is None:
        raise ValueError(f"{caller} callback received monitor={monitor} but Keras isn't able to automatically "
                         "determine whether that metric should be maximized or minimized. Pass `mode='max'` in "
                         "order to do early stopping based on the highest metric value, or pass `mode='min'` in "
                         "order to use the lowest value.")
    return np.greater if direction == "up" else np.less
