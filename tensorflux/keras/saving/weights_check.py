"""Assigning stored arrays to a layer's variables, with Keras 3's messages when they do not fit."""

from __future__ import annotations

import numpy as np


def assign_own_variables(layer, variables: list, store) -> None:
    """Assigns ``store["0"]``, ``store["1"]``, … to ``variables``; counts and shapes must match."""
    if len(store.keys()) != len(variables):
        if not variables and not layer.built:
            raise ValueError(f"Layer '{layer.name}' was never built and thus it doesn't have any variables. However "
                             f"the weights file lists {len(store.keys())} variables for this layer.\nIn most cases, "
                             "this error indicates that either:\n\n1. The layer is owned by a parent layer that "
                             "implements a `build()` method, but calling the parent's `build()` method did NOT create "
                             f"the state of the child layer '{layer.name}'. A `build()` method must create ALL state "
                             "for the layer, including the state of any children layers.\n\n2. You need to implement "
                             f"the `def build_from_config(self, config)` method on layer '{layer.name}', to specify "
                             "how to rebuild it during loading.")
        raise ValueError(f"Layer '{layer.name}' expected {len(variables)} variables, but received "
                         f"{len(store.keys())} variables during loading. Expected: {[v.name for v in variables]}")
    values = [store[str(i)] for i in range(len(variables))]
    for variable, value in zip(variables, values):  # check all before assigning any
        expected = tuple(variable.shape.as_list())
        if tuple(np.shape(value)) != expected:
            raise ValueError(f"Layer '{layer.name}': the stored value of variable '{variable.path}' has shape "
                             f"{tuple(np.shape(value))}, but the variable has shape {expected}.")
    for variable, value in zip(variables, values):
        variable.assign(np.asarray(value).astype(variable.dtype.name, copy=False))
