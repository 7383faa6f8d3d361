"""image_dataset_from_directory / text_dataset_from_directory: Keras' files, order, split and
labels (recorded from Keras on the same folder layout), and what tensorflux adds."""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib

import numpy as np
import pytest

from tensorflux.data.directory import image_dataset_from_directory, text_dataset_from_directory
from tensorflux.framework import errors

from .fixture_format import decode
from .layouts import make_image_tree, make_text_tree

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "data"
with open(FIXTURES / "directory.json") as f:
    CASES = json.load(f)["cases"]
ARRAYS = np.load(FIXTURES / "directory.npz")
HAVE_RESIZE = importlib.util.find_spec("tensorflux.ops.resize") is not None


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    root = tmp_path_factory.mktemp("trees")
    make_image_tree(str(root / "images"))
    make_text_tree(str(root / "texts"))
    return {"image": str(root / "images"), "text": str(root / "texts")}


def _kwargs(case):
    kwargs = dict(case["kwargs"])
    if "image_size" in kwargs:
        kwargs["image_size"] = tuple(kwargs["image_size"])
    return kwargs


def _needs_resize(case):
    return case["kind"] == "image" and tuple(case["kwargs"].get("image_size", (8, 8))) != (8, 8)


def _from_jpeg(name):
    return name.lower().endswith((".jpg", ".jpeg"))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c['kind']}-{c['kwargs']}" for c in CASES])
def test_matches_keras(index, trees, capsys):
    case = CASES[index]
    if _needs_resize(case) and not HAVE_RESIZE:
        pytest.skip("tf.image.resize (tensorflux/ops/resize.py) is not available yet")
    loader = image_dataset_from_directory if case["kind"] == "image" else text_dataset_from_directory
    directory = trees[case["kind"]]
    result = loader(directory, verbose=False, **_kwargs(case))
    parts = result if isinstance(result, list) else [result]
    assert len(parts) == len(case["parts"])
    for j, (ours, theirs) in enumerate(zip(parts, case["parts"])):
        assert ours.class_names == theirs["class_names"]
        assert repr(ours.element_spec) == theirs["spec"]
        files = [os.path.relpath(p, directory) for p in ours.file_paths]
        if theirs["files"] is not None:
            assert files == theirs["files"]
        strings = {k: decode(v) for k, v in theirs.get("strings", {}).items()}
        expected_values = {**{k: ARRAYS[k] for k in ARRAYS.files if k.startswith(f"call{index}_part{j}_")}, **strings}
        recorded = sorted(expected_values)
        if not recorded:
            continue
        ours_values = [v for element in ours.as_numpy_iterator()
                       for v in (element if isinstance(element, tuple) else (element,))]
        assert len(ours_values) == len(recorded)
        width = len(ours_values) // len({k.split("_batch")[1].split("_")[0] for k in recorded})
        for k, value in enumerate(ours_values):
            expected = expected_values[f"call{index}_part{j}_batch{k // width}_{k % width}"]
            assert value.dtype == expected.dtype and value.shape == expected.shape
            if value.ndim == 4:  # images: JPEG files decode a little differently (TF's fast IDCT)
                first = (k // width) * case["kwargs"]["batch_size"]
                for row, name in enumerate(files[first:first + value.shape[0]]):
                    tolerance = 4.0 if _from_jpeg(name) else 1e-3
                    np.testing.assert_allclose(value[row].astype(np.float64), expected[row].astype(np.float64),
                                               atol=tolerance, err_msg=name)
            elif value.dtype == object:
                assert value.tolist() == expected.tolist()
            else:
                np.testing.assert_array_equal(value, expected)


def test_shuffled_training_set_keeps_each_image_with_its_label(trees):
    train, val = image_dataset_from_directory(trees["image"], image_size=(8, 8), batch_size=4, seed=3,
                                              validation_split=0.25, subset="both", verbose=False)
    reference = image_dataset_from_directory(trees["image"], image_size=(8, 8), batch_size=64, shuffle=False,
                                             verbose=False)
    images, labels = next(iter(reference.as_numpy_iterator()))
    label_of = {images[i].tobytes(): int(labels[i]) for i in range(len(labels))}
    seen = []
    for part in (train, val):
        for batch_images, batch_labels in part.as_numpy_iterator():
            for image, label in zip(batch_images, batch_labels):
                assert label_of[image.tobytes()] == int(label)
                seen.append(image.tobytes())
    assert sorted(seen) == sorted(label_of)  # the two subsets are disjoint and cover every file


def test_seeded_shuffles_repeat_and_differ_between_seeds(trees):
    def labels(seed):
        ds = image_dataset_from_directory(trees["image"], image_size=(8, 8), batch_size=64, seed=seed, verbose=False)
        return [next(iter(ds.as_numpy_iterator()))[1].tolist() for _ in range(2)]

    first = labels(7)
    assert first == labels(7)  # the same seed: the same orders, pass after pass
    assert first[0] != first[1]  # reshuffled each pass
    assert labels(8) != first


def test_corrupt_image_error_names_the_file(tmp_path):
    make_image_tree(str(tmp_path))
    (tmp_path / "cat" / "c9.png").write_bytes(b"\x89PNG\r\n\x1a\ngarbage")
    ds = image_dataset_from_directory(str(tmp_path), image_size=(8, 8), shuffle=False, verbose=False)
    with pytest.raises(errors.InvalidArgumentError, match=r"c9\.png"):
        list(ds)


def test_prints_what_it_found(trees, capsys):
    image_dataset_from_directory(trees["image"], image_size=(8, 8), seed=1, validation_split=0.25,
                                 subset="training")
    assert capsys.readouterr().out.splitlines() == ["Found 12 files belonging to 3 classes.",
                                                    "Using 9 files for training."]


def test_text_loader_truncates_bytes(trees):
    ds = text_dataset_from_directory(trees["text"], batch_size=10, shuffle=False, max_length=5, verbose=False)
    texts, labels = next(iter(ds.as_numpy_iterator()))
    assert texts.tolist()[2] == "caf\u00e9 was".encode()[:5] and labels.tolist() == [0, 0, 0, 1, 1, 1]


@pytest.mark.parametrize("kwargs, message", [
    ({"validation_split": 0.2}, "If `subset` is set, `validation_split` must be set"),
    ({"validation_split": 0.2, "subset": "training"}, "you must provide a `seed` argument"),
    ({"validation_split": 1.5, "subset": "training", "seed": 1}, "`validation_split` must be between 0 and 1"),
    ({"subset": "all", "validation_split": 0.2, "seed": 1}, '`subset` must be either "training"'),
    ({"label_mode": "binary"}, "there must be exactly 2 class_names"),
    ({"class_names": ["cat", "lion"]}, "did not match the names of the subdirectories"),
    ({"color_mode": "cmyk"}, "`color_mode` must be one of"),
    ({"labels": [0, 1]}, "Expected the lengths of `labels` to match"),
    ({"image_size": (8, 8, 3)}, "Invalid `image_size` value"),
])
def test_argument_errors(trees, kwargs, message):
    kwargs.setdefault("image_size", (8, 8))
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("`", ".")):
        image_dataset_from_directory(trees["image"], verbose=False, **kwargs)


def test_explicit_labels_follow_the_sorted_file_order(trees):
    labels = [5, 3, 5, 3, 9, 9, 3, 5, 3, 9, 5, 3, 3]  # 13 files: explicit labels index hidden folders too
    ds = image_dataset_from_directory(trees["image"], labels=labels, image_size=(8, 8), shuffle=False,
                                      batch_size=20, verbose=False)
    assert ds.class_names == ["3", "5", "9"]
    files = [os.path.relpath(p, trees["image"]) for p in ds.file_paths]
    assert files[:2] == [".hidden/h.png", "cat/c0.png"]
    assert next(iter(ds.as_numpy_iterator()))[1].tolist() == labels
