"""tf.config: the devices tensorflux can use (the CPU, and GPUs through CuPy)."""

from __future__ import annotations

from .framework.backend import PhysicalDevice, list_physical_devices  # noqa: F401
from .framework.function import functions_run_eagerly, run_functions_eagerly  # noqa: F401
from .framework import threads as _threads


def list_logical_devices(device_type=None):
    """The devices ops may run on; one per physical device here."""
    return list_physical_devices(device_type)


def get_visible_devices(device_type=None):
    return list_physical_devices(device_type)


def set_visible_devices(devices, device_type=None):
    """Accepted for compatibility; every listed device stays visible."""


class experimental:  # noqa: N801 - TF's namespace
    """``tf.config.experimental``: memory settings TF needs for GPUs, accepted here."""

    @staticmethod
    def set_memory_growth(device, enable):
        """Accepted for compatibility: CuPy's memory pool already grows on demand."""

    @staticmethod
    def get_memory_growth(device):
        return True


class threading:  # noqa: N801 - TF's namespace
    """``tf.config.threading``: how many cores tensorflux's kernels and BLAS use (``framework/threads.py``)."""

    get_intra_op_parallelism_threads = staticmethod(_threads.get_intra_op_parallelism_threads)
    set_intra_op_parallelism_threads = staticmethod(_threads.set_intra_op_parallelism_threads)
    get_inter_op_parallelism_threads = staticmethod(_threads.get_inter_op_parallelism_threads)
    set_inter_op_parallelism_threads = staticmethod(_threads.set_inter_op_parallelism_threads)
