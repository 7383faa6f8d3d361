"""``keras.backend``: global settings and the session state (name counters)."""

from __future__ import annotations

import gc

from .api_export import keras_export
from .config import (  # noqa: F401
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from .graph.keras_tensor import is_keras_tensor  # noqa: F401
from .utils.dtype_utils import standardize_dtype
from .utils.naming import get_uid  # noqa: F401
from .variables import Variable  # noqa: F401


@keras_export(["keras.backend.clear_session", "keras.utils.clear_session"])
def clear_session(free_memory=True) -> None:
    """Resets Keras' global state: layer names start again at ``dense``, ``dense_1``, …"""
    from . import random
    from .utils import naming

    naming.reset_uids()
    random.reset_global_seed_generator()
    if free_memory:
        gc.collect()


def is_float_dtype(dtype) -> bool:
    return "float" in standardize_dtype(dtype)


def is_int_dtype(dtype) -> bool:
    return "int" in standardize_dtype(dtype)
