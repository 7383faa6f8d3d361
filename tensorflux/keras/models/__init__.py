"""``keras.models``: ``Model``, ``Sequential`` and configs of whole models."""

from .functional import Functional  # noqa: F401
from .model import Model, model_from_json  # noqa: F401
from .sequential import Sequential  # noqa: F401
from ..saving.saving_api import load_model, save_model  # noqa: F401, E402
from .cloning import clone_model  # noqa: F401, E402
