"""``tf.train``: checkpoints of variables and the objects that own them.

The file format (one HDF5 file per checkpoint, our own, documented) is described in
``checkpoint_format.py``; how values reach variables created after a restore, in ``restore.py``;
the atomic write every save goes through, in ``atomic.py``.
"""

from .checkpoint import Checkpoint
from .checkpoint_format import list_variables as _list_file_variables
from .checkpoint_format import read as _read_file
from .checkpoint_format import resolve_file as _resolve_file
from .checkpoint_manager import CheckpointManager
from .checkpoint_options import CheckpointOptions
from .checkpoint_state import CheckpointState, checkpoints_iterator, get_checkpoint_state, latest_checkpoint

__all__ = ["Checkpoint", "CheckpointManager", "CheckpointOptions", "CheckpointState", "checkpoints_iterator", "get_checkpoint_state",
           "latest_checkpoint", "list_variables", "load_variable"]


def _checkpoint_file(ckpt_dir_or_file) -> str:
    import os

    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = latest_checkpoint(path)
        if latest is None:
            from ..framework.errors import NotFoundError

            raise NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any matching "
                                            f"files for {path}")
        path = latest
    return _resolve_file(path)


def list_variables(ckpt_dir_or_file) -> list[tuple[str, list[int]]]:
    """``(name, shape)`` of every variable in a checkpoint (a prefix, or a directory: its newest).

    Names are object paths (``model/dense/kernel``; TF adds ``/.ATTRIBUTES/VARIABLE_VALUE``).
    """
    return _list_file_variables(_checkpoint_file(ckpt_dir_or_file))


def load_variable(ckpt_dir_or_file, name: str):
    """The saved value (a NumPy array) of the variable at object path ``name``."""
    name = name.removesuffix("/.ATTRIBUTES/VARIABLE_VALUE")
    saved = _read_file(_checkpoint_file(ckpt_dir_or_file))
    found = saved.objects.get(tuple(name.split("/")))
    if found is None or not found.is_variable:
        raise ValueError(f"Variable {name} not found in checkpoint {saved.file_path}.")
    return found.value
