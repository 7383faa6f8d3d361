"""``keras.saving``: configs, ``.keras`` files, ``.weights.h5`` files and legacy ``.h5`` files."""

from .object_registration import (  # noqa: F401
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from .saving_api import load_model, load_weights, save_model, save_weights  # noqa: F401
from .serialization import deserialize_keras_object, serialize_keras_object  # noqa: F401
