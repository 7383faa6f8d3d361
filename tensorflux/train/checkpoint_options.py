"""``tf.train.CheckpointOptions``: accepted for compatibility; saving here is local and synchronous."""

from __future__ import annotations

import inspect


class CheckpointOptions:
    """Options for ``Checkpoint.save``/``write``/``restore``/``read``, as TF spells them.

    Devices, asynchronous saving and sharding do not apply to tensorflux (one process, one
    file, written synchronously); ``experimental_write_callbacks`` are called after each write
    with the checkpoint's path (or with no argument, if they take none).

    >>> written = []
    >>> options = CheckpointOptions(experimental_write_callbacks=[written.append])
    >>> options.experimental_enable_async_checkpoint
    False
    """

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 experimental_write_callbacks=None, enable_async=False, experimental_sharding_callback=None,
                 experimental_skip_slot_variables=False):
        self.experimental_io_device = experimental_io_device
        self.experimental_enable_async_checkpoint = bool(experimental_enable_async_checkpoint)
        self.enable_async = bool(enable_async)
        self.experimental_write_callbacks = experimental_write_callbacks
        self.experimental_sharding_callback = experimental_sharding_callback
        self.experimental_skip_slot_variables = bool(experimental_skip_slot_variables)


def run_write_callbacks(options, save_path: str) -> None:
    """Calls ``options.experimental_write_callbacks`` after a write, as TF does."""
    for callback in getattr(options, "experimental_write_callbacks", None) or ():
        if inspect.signature(callback).parameters:
            callback(save_path)
        else:
            callback()
