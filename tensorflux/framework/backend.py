"""Array modules: NumPy always, CuPy when installed and a GPU is present; the process's memory.

Kernels are written against ``xp`` (the module of their input arrays), so one code path serves
both. CuPy is imported only when a GPU array is asked for, never at ``import tensorflux``.

A training step allocates and frees arrays of megabytes, over and over. glibc hands such memory
back to the kernel when it is freed and takes it again at the next step, one zero-filled page
fault per 4 KB: 11,000 faults and 40 % of a small convnet's step. So at import, glibc is asked to
keep freed memory for reuse (``keep_freed_memory``; ``TENSORFLUX_KEEP_FREED_MEMORY=0`` leaves it alone).
"""

from __future__ import annotations

import ctypes
import os
import sys

import numpy as np

_cupy = None  # the cupy module once loaded; False when unavailable


def cupy():
    """The cupy module, or None when it is not installed or no GPU is visible."""
    global _cupy
    if _cupy is None:
        try:
            import cupy as cp

            cp.cuda.runtime.getDeviceCount()
            _cupy = cp
        except Exception:  # not installed, or no driver/device
            _cupy = False
    return _cupy or None


def get_array_module(*arrays):
    """``numpy`` for host arrays, ``cupy`` for device arrays (as Chainer's helper).

    >>> get_array_module(np.ones(2)) is np
    True
    """
    for a in arrays:
        if type(a) is not np.ndarray and not isinstance(a, (np.generic, int, float, complex, bool)):
            cp = _cupy or None
            if cp is not None and isinstance(a, cp.ndarray):
                return cp
    return np


# ---------------------------------------------------------------------------------------------
# Freed memory stays in the process.

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_MMAP_MAX = -1, -3, -4  # mallopt's parameters (malloc.h)
_MMAP_THRESHOLD_MAX = 32 << 20  # glibc's ceiling on 64-bit systems: above it, only M_MMAP_MAX = 0 helps


def keep_freed_memory() -> bool:
    """Asks glibc to keep freed memory for reuse instead of returning it to the kernel; True if it agreed.

    Arrays then come from memory the process already holds; the resident set stays at its peak
    instead of shrinking after each step (as the caching allocators of TF and PyTorch keep
    theirs). Larger arrays than glibc's 32 MB mmap ceiling are kept too (``M_MMAP_MAX`` = 0: no
    allocation gets a mapping of its own): a 224x224 convnet's activations are 100 MB each, and
    faulting one in afresh made a ReLU gradient 6x slower (222 ms instead of 39).
    """
    if not sys.platform.startswith("linux") or os.environ.get("TENSORFLUX_KEEP_FREED_MEMORY", "1") == "0":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this interpreter runs on
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return all(mallopt(option, value) for option, value in (
        (_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_MAX), (_M_TRIM_THRESHOLD, 2**31 - 1), (_M_MMAP_MAX, 0)))


KEEPS_FREED_MEMORY = keep_freed_memory()


def is_array(value) -> bool:
    if isinstance(value, (np.ndarray, np.generic)):
        return True
    cp = _cupy or None
    return cp is not None and isinstance(value, cp.ndarray)


def to_numpy(value):
    """A host copy of a device array; host arrays pass through."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value
    return value.get()


def device_of(value) -> str:
    """TF's device string for where an array lives."""
    if isinstance(value, (np.ndarray, np.generic)):
        return "/job:localhost/replica:0/task:0/device:CPU:0"
    return f"/job:localhost/replica:0/task:0/device:GPU:{value.device.id}"


def list_physical_devices(device_type=None):
    """Devices as ``tf.config.list_physical_devices`` lists them."""
    devices = [("/physical_device:CPU:0", "CPU")]
    cp = cupy()
    if cp is not None:
        devices += [(f"/physical_device:GPU:{i}", "GPU") for i in range(cp.cuda.runtime.getDeviceCount())]
    return [PhysicalDevice(n, t) for n, t in devices if device_type in (None, t)]


class PhysicalDevice:
    __slots__ = ("name", "device_type")

    def __init__(self, name, device_type):
        self.name, self.device_type = name, device_type

    def __eq__(self, other):
        return isinstance(other, PhysicalDevice) and (self.name, self.device_type) == (other.name, other.device_type)

    def __hash__(self):
        return hash((self.name, self.device_type))

    def __repr__(self):
        return f"PhysicalDevice(name='{self.name}', device_type='{self.device_type}')"
