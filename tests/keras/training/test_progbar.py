"""The progress output, character for character as Keras 3 prints it (colours only on a terminal)."""

import re

import numpy as np

from tensorflux import keras
from tensorflux.keras.utils.progbar import Progbar

BAR = "━" * 20
TIME = r"\d+(ms|us|s)"
NUM = r"\d\.\d{4}(e[+-]\d\d)?"


def _fit_output(capsys, verbose):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    x, y = np.ones((80, 2), "float32"), np.ones((80, 1), "float32")
    model.fit(x, y, epochs=2, verbose=verbose, validation_data=(x[:20], y[:20]))
    model.evaluate(x, y, verbose=verbose)
    model.predict(x, verbose=verbose)
    return capsys.readouterr().out


def test_verbose_1_redraws_in_place_without_colour_codes(capsys):
    out = _fit_output(capsys, 1)
    assert "\x1b[" not in out
    assert "\b" in out  # Keras erases the previous frame with backspaces, then returns the carriage
    lines = out.replace("\b", "").split("\n")
    assert lines[0] == "Epoch 1/2"
    frames = lines[1].split("\r")[1:]
    assert re.fullmatch(rf"1/3 {BAR[:6]}{'━' * 14} \d+s {TIME}/step - accuracy: {NUM} - loss: {NUM}",
                        frames[0])
    assert re.fullmatch(rf"3/3 {BAR} \d+s {TIME}/step - accuracy: {NUM} - loss: {NUM} - "
                        rf"val_accuracy: {NUM} - val_loss: {NUM} *", frames[-1])
    assert lines[2] == "Epoch 2/2"
    evaluate = lines[4].split("\r")[-1]
    assert re.fullmatch(rf"3/3 {BAR} \d+s {TIME}/step - accuracy: {NUM} - loss: {NUM} *", evaluate)
    predict = lines[5].split("\r")[-1]
    assert re.fullmatch(rf"3/3 {BAR} \d+s {TIME}/step *", predict)


def test_verbose_2_prints_one_line_per_epoch(capsys):
    out = _fit_output(capsys, 2)
    lines = out.strip("\n").split("\n")
    assert lines[0] == "Epoch 1/2"
    assert re.fullmatch(rf"3/3 - \d+s - {TIME}/step - accuracy: {NUM} - loss: {NUM} - "
                        rf"val_accuracy: {NUM} - val_loss: {NUM}", lines[1])
    assert re.fullmatch(rf"3/3 - \d+s - {TIME}/step - accuracy: {NUM} - loss: {NUM}", lines[4])
    assert re.fullmatch(rf"3/3 - \d+s - {TIME}/step", lines[5])
    assert "\r" not in out


def test_verbose_0_is_silent(capsys):
    assert _fit_output(capsys, 0) == ""


def test_single_epoch_prints_no_epoch_header(capsys):
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit([1, 2, 3], [2, 4, 6], verbose="auto")
    out = capsys.readouterr().out
    assert not out.startswith("Epoch") and out.endswith("\n") and "1/1 " in out


def test_small_values_use_scientific_notation(capsys):
    bar = Progbar(1, verbose=2)
    bar.update(1, [("loss", 0.0000123)], finalize=True)
    assert capsys.readouterr().out.endswith("- loss: 1.2300e-05\n")


def test_unknown_target_shows_unknown(capsys):
    bar = Progbar(None, verbose=1, interval=0)
    bar.update(3, [("loss", 1.0)])
    assert "      3/Unknown" in capsys.readouterr().out


def test_colour_codes_on_a_terminal(capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    bar = Progbar(4, verbose=1)
    bar.update(4, [("loss", 0.25)])
    out = capsys.readouterr().out
    assert out == ("\r\x1b[1m4/4\x1b[0m \x1b[32m" + "━" * 20 + "\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m "
                   + re.search(r"\d+us/step", out).group() + " - loss: 0.2500\n")
