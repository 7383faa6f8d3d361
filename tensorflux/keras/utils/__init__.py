"""``keras.utils``: helpers (config serialization, naming, …)."""

from ..saving.object_registration import (  # noqa: F401
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from ..saving.serialization import deserialize_keras_object, serialize_keras_object  # noqa: F401
from .dtype_utils import standardize_dtype  # noqa: F401
from .naming import get_uid  # noqa: F401


def set_random_seed(seed: int) -> None:
    """Seeds Python's, NumPy's and tensorflux's random generators (``keras.utils.set_random_seed``)."""
    import random

    import numpy as np

    import tensorflux as tf

    if not isinstance(seed, int):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed} (of type {type(seed)})")  # noqa: TRY004
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
    from .. import random as keras_random

    keras_random.reset_global_seed_generator()


def clear_session(free_memory=True) -> None:
    from ..backend import clear_session as clear

    clear(free_memory)


# Written by the training issue (numerical_utils.py, py_dataset.py, progbar.py); loaded on first use.
_LAZY = {"to_categorical": "numerical_utils", "normalize": "numerical_utils", "PyDataset": "py_dataset",
         "Sequence": "py_dataset", "Progbar": "progbar", "image_dataset_from_directory": "dataset_utils",
         "text_dataset_from_directory": "dataset_utils", "get_file": "file_utils"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tensorflux.keras.utils' has no attribute '{name}'")
