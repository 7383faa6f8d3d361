"""The ``>>>`` examples in the docstrings of tensorflux.keras (issue 4's modules) run and give what they show."""

import doctest
import importlib
import pathlib

import pytest

import tensorflux.keras

ROOT = pathlib.Path(tensorflux.keras.__file__).parent
TRAINING = ("callbacks", "losses", "metrics", "optimizers")  # the training issue's packages test themselves
MODULES = sorted(
    "tensorflux.keras." + ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for path in ROOT.rglob("*.py")
    if path.name != "__init__.py" and path.relative_to(ROOT).parts[0] not in TRAINING
    and path.relative_to(ROOT).parts[0] != "trainers")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
