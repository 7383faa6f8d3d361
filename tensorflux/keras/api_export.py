"""Public Keras names of tensorflux's objects: ``keras.layers.Dense`` ↔ the class.

Serialized configs name classes by their public Keras path (``"module": "keras.layers"``,
``"class_name": "Dense"``) so that files written here load in real Keras and back.
"""

from __future__ import annotations

_SYMBOL_TO_NAME: dict[int, str] = {}
_NAME_TO_SYMBOL: dict[str, object] = {}


def keras_export(names):
    """Registers a class or function under its public Keras name(s); the first is canonical."""
    names = [names] if isinstance(names, str) else list(names)

    def register(symbol):
        _SYMBOL_TO_NAME.setdefault(id(symbol), names[0])
        for name in names:
            _NAME_TO_SYMBOL.setdefault(name, symbol)
        return symbol

    return register


def get_name_from_symbol(symbol) -> str | None:
    return _SYMBOL_TO_NAME.get(id(symbol))


def get_symbol_from_name(name: str):
    return _NAME_TO_SYMBOL.get(name)


def keras_private(name: str):
    """A class real Keras serializes under its private module path (``keras.src.models.functional``).

    Configs then name that module and ``registered_name`` the class, as Keras writes them; the
    name is only registered for finding the class again.
    """

    def register(symbol):
        module, _, _ = name.rpartition(".")
        symbol._keras_module = module
        _NAME_TO_SYMBOL.setdefault(name, symbol)
        return symbol

    return register
