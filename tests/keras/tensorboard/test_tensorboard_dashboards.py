"""What TensorBoard's dashboards show after a fit logged by keras.callbacks.TensorBoard: the real
tensorboard plugins answering through the data provider that `tensorboard --logdir` uses."""

import io
import warnings

import numpy as np
import pytest
from PIL import Image
from tensorboard import context
from tensorboard.backend.event_processing import data_provider, plugin_event_multiplexer
from tensorboard.plugins import base_plugin

from .tensorboard_helpers import fit

with warnings.catch_warnings():  # tensorboard's vendored html5lib warns when its plugins load
    warnings.simplefilter("ignore", DeprecationWarning)
    from tensorboard.plugins.graph import graphs_plugin
    from tensorboard.plugins.histogram import histograms_plugin
    from tensorboard.plugins.image import images_plugin
    from tensorboard.plugins.scalar import scalars_plugin

CTX = context.RequestContext()


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    """A 3-epoch fit with histograms and images, and TensorBoard's view of its logs."""
    logdir = tmp_path_factory.mktemp("logs")
    model, history = fit(logdir, epochs=3, histogram_freq=1, write_images=True)
    multiplexer = plugin_event_multiplexer.EventMultiplexer()
    multiplexer.AddRunsFromDirectory(str(logdir))
    multiplexer.Reload()
    provider = data_provider.MultiplexerDataProvider(multiplexer, str(logdir))
    return model, history, base_plugin.TBContext(logdir=str(logdir), multiplexer=multiplexer, data_provider=provider)


def test_scalars_dashboard_shows_the_loss_curves(logged):
    _, history, tb_context = logged
    plugin = scalars_plugin.ScalarsPlugin(tb_context)
    index = plugin.index_impl(CTX, "")
    assert set(index) == {"train", "validation"}
    assert {"epoch_loss", "epoch_accuracy", "epoch_learning_rate"} <= set(index["train"])
    assert {"epoch_loss", "evaluation_loss_vs_iterations"} <= set(index["validation"])
    for run, key in (("train", "loss"), ("validation", "val_loss")):
        points, _ = plugin.scalars_impl(CTX, "epoch_loss", run, "", "json")
        assert [step for _, step, _ in points] == [0, 1, 2]
        np.testing.assert_allclose([value for _, _, value in points], history.history[key], rtol=1e-6)


def test_histograms_dashboard_shows_the_final_weights(logged):
    model, _, tb_context = logged
    plugin = histograms_plugin.HistogramsPlugin(tb_context)
    kernel = model.layers[0].kernel.numpy()
    series, _ = plugin.histograms_impl(CTX, "sequential/dense/kernel/histogram", "train", "")
    assert [step for _, step, _ in series] == [0, 1, 2]
    buckets = np.array(series[-1][2])
    assert buckets.shape == (30, 3) and buckets[:, 2].sum() == kernel.size
    np.testing.assert_allclose([buckets[0, 0], buckets[-1, 1]], [kernel.min(), kernel.max()], rtol=1e-6)


def test_images_dashboard_shows_the_kernel(logged):
    model, _, tb_context = logged
    index = images_plugin.ImagesPlugin(tb_context)._index_impl(CTX, "")["train"]
    assert {"sequential/dense/kernel/image", "sequential/dense_1/bias/image"} <= set(index)
    provider = tb_context.data_provider
    sequences = provider.read_blob_sequences(CTX, experiment_id="", plugin_name="images", downsample=10)
    width, height, png = sequences["train"]["sequential/dense/kernel/image"][-1].values
    # a (4, 3) kernel: its longer side across, as Keras draws it, i.e. a 3 x 4 gray image
    assert (provider.read_blob(CTX, blob_key=width.blob_key), provider.read_blob(CTX, blob_key=height.blob_key)) == (
        b"4", b"3")
    pixels = np.asarray(Image.open(io.BytesIO(provider.read_blob(CTX, blob_key=png.blob_key))).convert("L"))
    # float pixels are saturated to [0, 1] and scaled to 0..255, as tf.summary.image does
    expected = np.clip(model.layers[0].kernel.numpy().T, 0, 1) * 255
    np.testing.assert_allclose(pixels, expected, atol=1)


def test_graphs_dashboard_draws_the_conceptual_graph(logged):
    _, _, tb_context = logged
    plugin = graphs_plugin.GraphsPlugin(tb_context)
    info = plugin.info_impl(CTX, "")["train"]
    assert info["tags"]["keras"]["conceptual_graph"] is True
    conceptual, _ = plugin.graph_impl(CTX, "train", "keras", True, experiment="")
    assert 'name: "sequential/dense_1"' in conceptual and 'input: "sequential/dense"' in conceptual
