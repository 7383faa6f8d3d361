"""Broken or hostile files give a clear error that names the file and says what is wrong."""

from __future__ import annotations

import io
import json
import os
import zipfile

import h5py
import numpy as np
import pytest

from tensorflux import keras
from tensorflux.keras.saving import load_model

from . import saving_cases as cases


@pytest.fixture
def saved(tmp_path):
    model = cases.trained_model(keras, "sgd")
    path = tmp_path / "good.keras"
    model.save(path)
    return path


def members(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path, contents: dict) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def test_truncated_zip(saved, tmp_path):
    bad = tmp_path / "truncated.keras"
    bad.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])
    with pytest.raises(ValueError, match=r"truncated\.keras.*not a \.keras archive"):
        load_model(bad)


def test_wrong_magic(tmp_path):
    bad = tmp_path / "wrong_magic.keras"
    bad.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(200))
    with pytest.raises(ValueError, match=r"wrong_magic\.keras.*not a \.keras archive"):
        load_model(bad)


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"nowhere\.keras.*no such file"):
        load_model(tmp_path / "nowhere.keras")


def test_missing_config(saved, tmp_path):
    contents = members(saved)
    del contents["config.json"]
    write_zip(tmp_path / "no_config.keras", contents)
    with pytest.raises(ValueError, match=r"no_config\.keras.*has no config\.json"):
        load_model(tmp_path / "no_config.keras")


def test_missing_weights(saved, tmp_path):
    contents = members(saved)
    del contents["model.weights.h5"]
    write_zip(tmp_path / "no_weights.keras", contents)
    with pytest.raises(ValueError, match=r"no_weights\.keras.*has no model\.weights\.h5"):
        load_model(tmp_path / "no_weights.keras")


def test_config_that_is_not_json(saved, tmp_path):
    contents = members(saved)
    contents["config.json"] = b"{not json"
    write_zip(tmp_path / "bad_json.keras", contents)
    with pytest.raises(ValueError, match=r"bad_json\.keras.*config\.json is not valid JSON"):
        load_model(tmp_path / "bad_json.keras")


def test_member_escaping_the_directory_is_refused_and_nothing_is_written(saved, tmp_path):
    target = tmp_path / "deep" / "inside"
    target.mkdir(parents=True)
    contents = members(saved)
    contents["../../x"] = b"escaped"
    write_zip(target / "evil.keras", contents)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    with pytest.raises(ValueError, match=r"evil\.keras.*unsafe path '\.\./\.\./x'"):
        load_model(target / "evil.keras")
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "x").exists()


def test_weight_of_the_wrong_shape(saved, tmp_path):
    contents = members(saved)
    buffer = io.BytesIO(contents["model.weights.h5"])
    with h5py.File(buffer, "r+") as f:
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = np.zeros((7, 5), "float32")
    contents["model.weights.h5"] = buffer.getvalue()
    write_zip(tmp_path / "wrong_shape.keras", contents)
    with pytest.raises(ValueError, match=r"(?s)wrong_shape\.keras.*has shape \(7, 5\), but the variable has shape "
                                         r"\(4, 5\)"):
        load_model(tmp_path / "wrong_shape.keras")


def test_wrong_number_of_weights(saved, tmp_path):
    contents = members(saved)
    buffer = io.BytesIO(contents["model.weights.h5"])
    with h5py.File(buffer, "r+") as f:
        del f["layers/dense/vars/1"]
    contents["model.weights.h5"] = buffer.getvalue()
    write_zip(tmp_path / "missing_weight.keras", contents)
    with pytest.raises(ValueError, match=r"(?s)missing_weight\.keras.*'hidden' expected 2 variables, but received 1"):
        load_model(tmp_path / "missing_weight.keras")


def test_soft_link_in_weights_is_refused(saved, tmp_path):
    contents = members(saved)
    buffer = io.BytesIO(contents["model.weights.h5"])
    with h5py.File(buffer, "r+") as f:
        del f["layers/dense/vars/1"]
        f["layers/dense/vars/1"] = h5py.SoftLink("/layers/dense_1/vars/1")
    contents["model.weights.h5"] = buffer.getvalue()
    write_zip(tmp_path / "linked.keras", contents)
    with pytest.raises(ValueError, match=r"(?s)linked\.keras.*Not allowed: H5 file with a SoftLink"):
        load_model(tmp_path / "linked.keras")


def test_config_naming_an_unknown_class(saved, tmp_path):
    contents = members(saved)
    config = json.loads(contents["config.json"])
    config["config"]["layers"][1]["class_name"] = "Dense3000"
    contents["config.json"] = json.dumps(config)
    write_zip(tmp_path / "unknown.keras", contents)
    with pytest.raises(TypeError, match=r"(?s)unknown\.keras.*Could not locate class 'Dense3000'"):
        load_model(tmp_path / "unknown.keras")


def test_config_that_is_not_an_object(saved, tmp_path):
    contents = members(saved)
    contents["config.json"] = b"[1, 2]"
    write_zip(tmp_path / "list.keras", contents)
    with pytest.raises(ValueError, match=r"list\.keras.*does not describe a Keras object"):
        load_model(tmp_path / "list.keras")


def test_weights_file_that_is_not_hdf5(tmp_path):
    model = cases.trained_model(keras, "sgd")
    bad = tmp_path / "w.weights.h5"
    bad.write_bytes(b"PK\x03\x04 not hdf5 at all")
    with pytest.raises(ValueError, match=r"w\.weights\.h5"):
        model.load_weights(bad)
    with pytest.raises(ValueError, match=r"gone\.weights\.h5.*no such file"):
        model.load_weights(tmp_path / "gone.weights.h5")


def test_legacy_h5_that_is_not_hdf5_or_has_no_config(tmp_path):
    bad = tmp_path / "bad.h5"
    bad.write_bytes(bytes(100))
    with pytest.raises(ValueError, match=r"bad\.h5.*not a readable HDF5 file"):
        load_model(bad)
    weights_only = tmp_path / "weights_only.h5"
    with h5py.File(weights_only, "w") as f:
        f.attrs["layer_names"] = np.asarray([], dtype="S1")
    with pytest.raises(ValueError, match=r"weights_only\.h5.*no model config"):
        load_model(weights_only)


def test_error_messages_do_not_leak_temporary_files(saved, tmp_path):
    before = sorted(os.listdir(tmp_path))
    for name in ("a.keras", "b.keras"):
        (tmp_path / name).write_bytes(b"junk")
        with pytest.raises(ValueError):
            load_model(tmp_path / name)
    assert sorted(os.listdir(tmp_path)) == sorted([*before, "a.keras", "b.keras"])
