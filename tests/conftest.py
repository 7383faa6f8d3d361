"""Shared pytest configuration: GPU tests skip cleanly where CuPy or a GPU is missing."""

import pytest


def pytest_collection_modifyitems(config, items):
    from tensorflux.framework import backend

    if backend.cupy() is None:
        skip = pytest.mark.skip(reason="needs CuPy and a GPU")
        for item in items:
            if "gpu" in item.keywords:
                item.add_marker(skip)
