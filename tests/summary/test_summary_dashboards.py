"""What TensorBoard's dashboards show: the real tensorboard plugins (scalars, histograms, images,
text, graphs) answering from our event files through the data provider that the server uses."""

import io
import json
import pathlib
import warnings

import numpy as np
import pytest
from PIL import Image
from tensorboard import context
from tensorboard.backend.event_processing import data_provider, plugin_event_multiplexer
from tensorboard.plugins import base_plugin

import tensorflux as tf
from tensorflux.summary.keras_support import keras_model_summary

with warnings.catch_warnings():  # tensorboard's vendored html5lib warns when its plugins load
    warnings.simplefilter("ignore", DeprecationWarning)
    from tensorboard.plugins.graph import graphs_plugin
    from tensorboard.plugins.histogram import histograms_plugin
    from tensorboard.plugins.image import images_plugin
    from tensorboard.plugins.scalar import scalars_plugin
    from tensorboard.plugins.text import text_plugin

MANIFEST = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "summary" / "manifest.json"
PIXELS = np.random.default_rng(0).integers(0, 256, (1, 4, 6, 3), dtype=np.uint8)


class KerasModel:
    """Stands for a Keras model: its JSON config, as Keras 3.15 writes it for a two-layer Sequential."""

    def to_json(self):
        return json.loads(MANIFEST.read_text())["keras"]["model_json"]


@pytest.fixture(scope="module")
def dashboards(tmp_path_factory):
    logdir = tmp_path_factory.mktemp("logs")
    train = tf.summary.create_file_writer(str(logdir / "train"))
    with train.as_default():
        for step, loss in enumerate([0.9, 0.5, 0.25]):
            tf.summary.scalar("epoch_loss", loss, step=step)
        tf.summary.histogram("dense/kernel/histogram", np.arange(10.0), step=0, buckets=5)
        tf.summary.image("picture", PIXELS, step=0)
        tf.summary.text("notes", "**bold** move", step=0)
        keras_model_summary("keras", KerasModel(), step=0)
        graph = tf.Graph()
        with graph.as_default():
            graph.placeholder((None, 3), name="inputs") * 2.0
        tf.summary.graph(graph)
        tf.summary.trace_on()
        tf.function(lambda a: a + 1.0)(tf.constant(1.0))
        tf.summary.trace_export("batch_1", step=1)
    train.close()
    validation = tf.summary.create_file_writer(str(logdir / "validation"))
    with validation.as_default():
        tf.summary.scalar("epoch_loss", 0.7, step=0)
    validation.close()
    multiplexer = plugin_event_multiplexer.EventMultiplexer()
    multiplexer.AddRunsFromDirectory(str(logdir))
    multiplexer.Reload()
    provider = data_provider.MultiplexerDataProvider(multiplexer, str(logdir))
    return base_plugin.TBContext(logdir=str(logdir), multiplexer=multiplexer, data_provider=provider)


CTX = context.RequestContext()


def test_scalars_dashboard(dashboards):
    plugin = scalars_plugin.ScalarsPlugin(dashboards)
    index = plugin.index_impl(CTX, "")
    assert set(index) == {"train", "validation"} and "epoch_loss" in index["train"]
    points, _ = plugin.scalars_impl(CTX, "epoch_loss", "train", "", "json")
    assert [(step, value) for _, step, value in points] == [(0, np.float32(0.9)), (1, 0.5), (2, 0.25)]


def test_histograms_dashboard(dashboards):
    plugin = histograms_plugin.HistogramsPlugin(dashboards)
    (events, _) = plugin.histograms_impl(CTX, "dense/kernel/histogram", "train", "")
    ((_, step, buckets),) = events
    assert step == 0 and buckets == [[0.0, 1.8, 2.0], [1.8, 3.6, 2.0], [3.6, 5.4, 2.0], [5.4, 7.2, 2.0],
                                     [7.2, 9.0, 2.0]]


def test_images_dashboard(dashboards):
    plugin = images_plugin.ImagesPlugin(dashboards)
    assert "picture" in plugin._index_impl(CTX, "")["train"]
    provider = dashboards.data_provider
    (sequence,) = provider.read_blob_sequences(CTX, experiment_id="", plugin_name="images", downsample=10)[
        "train"]["picture"]
    width, height, png = sequence.values
    assert provider.read_blob(CTX, blob_key=width.blob_key) == b"6"
    assert provider.read_blob(CTX, blob_key=height.blob_key) == b"4"
    decoded = np.asarray(Image.open(io.BytesIO(provider.read_blob(CTX, blob_key=png.blob_key))))
    np.testing.assert_array_equal(decoded, PIXELS[0])


def test_text_dashboard_renders_markdown(dashboards):
    plugin = text_plugin.TextPlugin(dashboards)
    (entry,) = plugin.text_impl(CTX, "train", "notes", "", True)
    assert entry["step"] == 0 and entry["text"] == "<p><strong>bold</strong> move</p>"


def test_graphs_dashboard(dashboards):
    plugin = graphs_plugin.GraphsPlugin(dashboards)
    info = plugin.info_impl(CTX, "")["train"]
    assert info["run_graph"] is True
    assert info["tags"]["keras"]["conceptual_graph"] is True
    assert info["tags"]["batch_1"]["op_graph"] is True
    run_graph, _ = plugin.graph_impl(CTX, "train", None, False, experiment="")
    assert 'name: "inputs"' in run_graph and 'op: "Placeholder"' in run_graph
    traced, _ = plugin.graph_impl(CTX, "train", "batch_1", False, experiment="")
    assert 'op: "AddV2"' in traced
    conceptual, _ = plugin.graph_impl(CTX, "train", "keras", True, experiment="")
    assert 'name: "sequential/dense_1"' in conceptual and 'input: "sequential/dense"' in conceptual
    assert 's: "Dense"' in conceptual
