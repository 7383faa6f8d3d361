"""Layer names, order, shapes, parameter counts and ``summary()`` text, against Keras 3.15.1."""

import io
import json

import pytest

from tensorflux import keras

from . import application_cases as cases
from .recorded import RECORDED


def _ours(case):
    application, kwargs = cases.STRUCTURE_CASES[case]
    return cases.build(keras, application, {**kwargs, "weights": None})


@pytest.mark.parametrize("case", sorted(cases.STRUCTURE_CASES))
def test_structure_matches_keras(case):
    expected = RECORDED["structures"][case]
    ours = json.loads(json.dumps(cases.describe(_ours(case))))  # tuples as lists, as recorded
    assert ours["name"] == expected["name"]
    assert ours["layer_count"] == expected["layer_count"]
    assert ours["output_shape"] == expected["output_shape"]
    for k, (mine, theirs) in enumerate(zip(ours["layers"], expected["layers"])):
        assert mine == theirs, f"layer #{k}"
    assert ours["weights"] == expected["weights"]
    assert (ours["trainable_params"], ours["non_trainable_params"]) == \
        (expected["trainable_params"], expected["non_trainable_params"])


@pytest.mark.parametrize("entry", RECORDED["summaries"], ids=lambda e: e["case"])
def test_summary_matches_keras(entry, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(entry["columns"]))
    out = io.StringIO()
    _ours(entry["case"]).summary(print_fn=out.write)
    assert out.getvalue() == entry["text"]


def test_course_notes_freeze_the_first_249_layers_of_inception(monkeypatch):
    """The notes' recipe: the same layers frozen, the same counts and summary as in Keras."""
    expected = RECORDED["course_notes"]
    keras.backend.clear_session()
    conv_base = keras.applications.InceptionV3(weights=None, include_top=False)
    cases.freeze_like_the_course_notes(conv_base)
    ours = json.loads(json.dumps(cases.describe(conv_base)))
    assert ours["layers"] == expected["layers"]
    assert conv_base.layers[248].name == "mixed8"  # the frozen part ends with the third reduction block
    assert (ours["trainable_params"], ours["non_trainable_params"]) == \
        (expected["trainable_params"], expected["non_trainable_params"])
    monkeypatch.setenv("COLUMNS", str(cases.COURSE_NOTES_COLUMNS))
    out = io.StringIO()
    conv_base.summary(print_fn=out.write)
    assert out.getvalue() == expected["summary"]


def test_submodules_and_lazy_package():
    from tensorflux.keras.applications import inception_v3, mobilenet, mobilenet_v2

    assert keras.applications.MobileNet is mobilenet.MobileNet
    assert keras.applications.MobileNetV2 is mobilenet_v2.MobileNetV2
    assert keras.applications.InceptionV3 is inception_v3.InceptionV3


def test_input_tensor_is_used_and_its_sources_become_the_inputs():
    keras.backend.clear_session()
    image = keras.Input((32, 32, 3), name="image")
    scaled = keras.layers.Rescaling(1 / 127.5, offset=-1)(image)
    model = keras.applications.MobileNetV2(alpha=0.35, include_top=False, weights=None, input_tensor=scaled,
                                           pooling="avg")
    assert model.inputs[0] is image
    assert model.layers[1].name == "rescaling" and model.output_shape == (None, 1280)
