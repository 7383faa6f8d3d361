"""Custom objects: classes and functions users register so that configs can name them."""

from __future__ import annotations

from ..api_export import keras_export

GLOBAL_CUSTOM_OBJECTS: dict[str, object] = {}
GLOBAL_CUSTOM_NAMES: dict[object, str] = {}
_SCOPES: list[dict] = []


@keras_export(["keras.saving.CustomObjectScope", "keras.saving.custom_object_scope",
               "keras.utils.CustomObjectScope", "keras.utils.custom_object_scope"])
class CustomObjectScope:
    """Makes the given objects known to deserialization inside a ``with`` block."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        _SCOPES.append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _SCOPES.remove(self.custom_objects)


custom_object_scope = CustomObjectScope


@keras_export(["keras.saving.get_custom_objects", "keras.utils.get_custom_objects"])
def get_custom_objects() -> dict:
    return GLOBAL_CUSTOM_OBJECTS


@keras_export(["keras.saving.register_keras_serializable", "keras.utils.register_keras_serializable"])
def register_keras_serializable(package="Custom", name=None):
    """Registers a class or function as ``'{package}>{name}'`` (a decorator)."""

    def decorator(arg):
        class_name = name if name is not None else arg.__name__
        registered_name = f"{package}>{class_name}"
        if isinstance(arg, type) and not hasattr(arg, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        GLOBAL_CUSTOM_OBJECTS[registered_name] = arg
        GLOBAL_CUSTOM_NAMES[arg] = registered_name
        return arg

    return decorator


@keras_export(["keras.saving.get_registered_name", "keras.utils.get_registered_name"])
def get_registered_name(obj) -> str:
    return GLOBAL_CUSTOM_NAMES.get(obj, getattr(obj, "__name__", None))


@keras_export(["keras.saving.get_registered_object", "keras.utils.get_registered_object"])
def get_registered_object(name, custom_objects=None, module_objects=None):
    for scope in reversed(_SCOPES):
        if name in scope:
            return scope[name]
    if name in GLOBAL_CUSTOM_OBJECTS:
        return GLOBAL_CUSTOM_OBJECTS[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


def scoped_custom_objects() -> dict:
    merged = {}
    for scope in _SCOPES:
        merged.update(scope)
    return merged
