"""Loads the fixtures recorded from real Keras by ``tools/record_training_fixtures.py``."""

import json
import pathlib

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "training"


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())
