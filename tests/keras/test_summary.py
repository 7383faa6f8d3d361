"""``model.summary()`` compared character for character with Keras 3.15.1's output."""

import io

import pytest

from tensorflux import keras

from . import keras_cases as cases
from .fixtures import load

SUMMARIES = load("summaries.json")


@pytest.mark.parametrize("entry", SUMMARIES, ids=lambda e: f"{e['model']}-{e['columns']}-{sorted(e['kwargs'])}")
def test_summary_matches_keras(entry, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(entry["columns"]))
    keras.backend.clear_session()
    model = cases.MODELS[entry["model"]](keras)
    out = io.StringIO()
    model.summary(print_fn=out.write, **entry["kwargs"])
    assert out.getvalue() == entry["text"]


REFERENCE_FUNCTIONAL = """\
Model: "multi"
┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
│ a (InputLayer)      │ (None, 8)         │          0 │ -                 │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ dense_1 (Dense)     │ (None, 16)        │        144 │ a[0][0]           │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ b (InputLayer)      │ (None, 4)         │          0 │ -                 │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ concatenate         │ (None, 20)        │          0 │ dense_1[0][0],    │
│ (Concatenate)       │                   │            │ b[0][0]           │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ out1 (Dense)        │ (None, 1)         │         21 │ concatenate[0][0] │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ out2 (Dense)        │ (None, 3)         │         63 │ concatenate[0][0] │
└─────────────────────┴───────────────────┴────────────┴───────────────────┘
 Total params: 228 (912.00 B)
 Trainable params: 228 (912.00 B)
 Non-trainable params: 0 (0.00 B)
"""


def test_reference_output_of_the_brief(monkeypatch):
    """The functional table of shared/keras-reference-outputs.md, verbatim."""
    monkeypatch.setenv("COLUMNS", "80")
    keras.backend.clear_session()
    out = io.StringIO()
    cases.multi_io(keras).summary(print_fn=out.write)
    assert out.getvalue() == REFERENCE_FUNCTIONAL


def test_summary_prints_to_stdout_without_colour_codes_when_not_a_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    keras.backend.clear_session()
    cases.mnist_convnet(keras).summary()
    text = capsys.readouterr().out
    assert text.startswith('Model: "sequential"\n┏') and "\x1b" not in text
    assert " Total params: 34,826 (136.04 KB)" in text


def test_narrow_terminal_is_an_error(monkeypatch):
    monkeypatch.setenv("COLUMNS", "12")
    with pytest.raises(ValueError, match="Insufficient console width to print summary."):
        cases.mnist_convnet(keras).summary(print_fn=lambda s: None)


def test_memory_sizes_and_units():
    from tensorflux.keras.utils.summary import readable_memory_size

    assert readable_memory_size(600) == "600.00 B"
    assert readable_memory_size(1024 * 1024 * 3.5) == "3.50 MB"
    assert readable_memory_size(2048) == "2.00 KB"
