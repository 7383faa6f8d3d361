"""``keras.config``: global settings (default float type, fuzz factor, image layout, …)."""

from __future__ import annotations

from .api_export import keras_export
from .utils.argument_validation import set_text

_STATE = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
    "interactive_logging": True,
    "traceback_filtering": True,
    "unsafe_deserialization": False,
    "max_epochs": None,
    "max_steps_per_epoch": None,
}
_DATA_FORMATS = {"channels_first", "channels_last"}


@keras_export(["keras.config.floatx", "keras.backend.floatx"])
def floatx() -> str:
    """The default float type, as a string.

    >>> from tensorflux import keras
    >>> keras.config.floatx()
    'float32'
    """
    return _STATE["floatx"]


@keras_export(["keras.config.set_floatx", "keras.backend.set_floatx"])
def set_floatx(value) -> None:
    accepted = {"bfloat16", "float16", "float32", "float64"}
    if value not in accepted:
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of {set_text(accepted)}")
    _STATE["floatx"] = str(value)


@keras_export(["keras.config.epsilon", "keras.backend.epsilon"])
def epsilon() -> float:
    """The fuzz factor used in numeric expressions.

    >>> from tensorflux import keras
    >>> keras.config.epsilon()
    1e-07
    """
    return _STATE["epsilon"]


@keras_export(["keras.config.set_epsilon", "keras.backend.set_epsilon"])
def set_epsilon(value) -> None:
    _STATE["epsilon"] = value


@keras_export(["keras.config.image_data_format", "keras.backend.image_data_format"])
def image_data_format() -> str:
    """``'channels_last'`` (the default) or ``'channels_first'``."""
    return _STATE["image_data_format"]


@keras_export(["keras.config.set_image_data_format", "keras.backend.set_image_data_format"])
def set_image_data_format(data_format) -> None:
    _STATE["image_data_format"] = standardize_data_format(data_format)


def standardize_data_format(data_format) -> str:
    if data_format is None:
        return image_data_format()
    data_format = str(data_format).lower()
    if data_format not in _DATA_FORMATS:
        raise ValueError("The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
                         f"Received: data_format={data_format}")
    return data_format


@keras_export(["keras.config.backend", "keras.backend.backend"])
def backend() -> str:
    """The backend Keras runs on: tensorflux plays TensorFlow's part."""
    return "tensorflow"


@keras_export("keras.config.enable_interactive_logging")
def enable_interactive_logging() -> None:
    _STATE["interactive_logging"] = True


@keras_export("keras.config.disable_interactive_logging")
def disable_interactive_logging() -> None:
    _STATE["interactive_logging"] = False


@keras_export("keras.config.is_interactive_logging_enabled")
def is_interactive_logging_enabled() -> bool:
    return _STATE["interactive_logging"]


@keras_export("keras.config.enable_traceback_filtering")
def enable_traceback_filtering() -> None:
    _STATE["traceback_filtering"] = True


@keras_export("keras.config.disable_traceback_filtering")
def disable_traceback_filtering() -> None:
    _STATE["traceback_filtering"] = False


@keras_export("keras.config.is_traceback_filtering_enabled")
def is_traceback_filtering_enabled() -> bool:
    return _STATE["traceback_filtering"]


@keras_export("keras.config.enable_unsafe_deserialization")
def enable_unsafe_deserialization() -> None:
    """Allows configs holding Python lambdas to be deserialized."""
    _STATE["unsafe_deserialization"] = True


def unsafe_deserialization_enabled() -> bool:
    return _STATE["unsafe_deserialization"]


@keras_export("keras.config.set_max_epochs")
def set_max_epochs(max_epochs) -> None:
    _STATE["max_epochs"] = max_epochs


@keras_export("keras.config.max_epochs")
def max_epochs():
    return _STATE["max_epochs"]


@keras_export("keras.config.set_max_steps_per_epoch")
def set_max_steps_per_epoch(max_steps_per_epoch) -> None:
    _STATE["max_steps_per_epoch"] = max_steps_per_epoch


@keras_export("keras.config.max_steps_per_epoch")
def max_steps_per_epoch():
    return _STATE["max_steps_per_epoch"]


def dtype_policy():
    """The global dtype policy (``keras.config.dtype_policy``)."""
    from .dtype_policies import global_policy

    return global_policy()


def set_dtype_policy(policy) -> None:
    from .dtype_policies import set_global_policy

    set_global_policy(policy)
