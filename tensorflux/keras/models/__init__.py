"""``keras.models``: ``Model``, ``Sequential`` and configs of whole models."""

from .functional import Functional  # noqa: F401
from .model import Model, model_from_json  # noqa: F401
from .sequential import Sequential  # noqa: F401
