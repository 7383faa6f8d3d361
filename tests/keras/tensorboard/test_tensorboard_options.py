"""keras.callbacks.TensorBoard's arguments: defaults, profile_batch (graphs only) and embeddings."""

import inspect
import os
import re

import numpy as np
import pytest
from tensorboard.compat.proto import config_pb2

from tensorflux import keras
from tensorflux.keras.callbacks.tensorboard import TensorBoard

from .tensorboard_helpers import events, fit, values


def test_signature_and_defaults_are_keras():
    parameters = inspect.signature(TensorBoard).parameters
    assert {name: p.default for name, p in parameters.items()} == {
        "log_dir": "logs", "histogram_freq": 0, "write_graph": True, "write_images": False,
        "write_steps_per_second": False, "update_freq": "epoch", "profile_batch": 0, "embeddings_freq": 0,
        "embeddings_metadata": None}
    assert TensorBoard(update_freq="batch").update_freq == 1 and TensorBoard(update_freq=5).update_freq == 5


@pytest.mark.parametrize("profile_batch", [-1, (3, 2), (1, 2, 3), "1,2,3", 1.5])
def test_invalid_profile_batch(profile_batch):
    with pytest.raises(ValueError, match=r"profile_batch must be a non-negative integer or 2-tuple of positive "
                                         rf"integers\. .* Found: {re.escape(str(profile_batch))}"):
        TensorBoard(profile_batch=profile_batch)
    with pytest.raises(ValueError, match="invalid literal for int"):
        TensorBoard(profile_batch="a,b")


@pytest.mark.parametrize("profile_batch, start_stop", [(0, (0, 0)), (3, (3, 3)), ((2, 5), (2, 5)), ("2,4", (2, 4))])
def test_profile_batch_range(profile_batch, start_stop):
    callback = TensorBoard(profile_batch=profile_batch)
    assert (callback._start_batch, callback._stop_batch) == start_stop


def test_profile_batch_writes_the_traced_train_step(tmp_path):
    # Keras on TensorFlow also writes a profile under train/plugins/profile/; there is no profiler here.
    with pytest.warns(UserWarning, match="tensorflux has no profiler"):
        fit(tmp_path, validation=False, profile_batch=1)
    assert ("train", "batch_1", 1, "graph_run_metadata_graph") in events(tmp_path)
    from tensorboard.compat.proto import graph_pb2

    (metadata,) = values(tmp_path, "train", "batch_1").values()
    run_metadata = config_pb2.RunMetadata.FromString(metadata.item())
    graph = graph_pb2.GraphDef.FromString(run_metadata.function_graphs[0].pre_optimization_graph.SerializeToString())
    assert "MatMul" in {node.op for node in graph.node}


def embedding_model():
    model = keras.Sequential([keras.Input((3,), dtype="int32"), keras.layers.Embedding(10, 2, name="embedding"),
                              keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    return model


@pytest.mark.parametrize("metadata, path", [(None, None), ("words.tsv", "words.tsv"),
                                            ({"embedding": 'my "meta".tsv'}, 'my "meta".tsv')])
def test_embeddings_projector_config(tmp_path, metadata, path):
    from google.protobuf import text_format
    from tensorboard.plugins import projector

    callback = TensorBoard(str(tmp_path), embeddings_freq=1, embeddings_metadata=metadata)
    callback.set_model(embedding_model())
    callback._close_writers()  # set_model opened the train writer for the model's config; no fit closes it
    text = (tmp_path / "projector_config.pbtxt").read_text()
    config = text_format.Parse(text, projector.ProjectorConfig())
    assert text == text_format.MessageToString(config)  # written exactly as protobuf writes it
    (embedding,) = config.embeddings
    assert embedding.tensor_name == "layer_with_weights-0/embeddings/.ATTRIBUTES/VARIABLE_VALUE"
    assert embedding.metadata_path == (path or "")


def test_embeddings_metadata_for_an_unknown_layer(tmp_path):
    callback = TensorBoard(str(tmp_path), embeddings_freq=1, embeddings_metadata={"words": "w.tsv"})
    with pytest.raises(ValueError, match=r"Unrecognized `Embedding` layer names passed to `keras.callbacks."
                                         r"TensorBoard` `embeddings_metadata` argument: dict_keys\(\['words'\]\)"):
        callback.set_model(embedding_model())
    callback._close_writers()


def test_embeddings_are_saved_every_embeddings_freq_epochs(tmp_path):
    model = embedding_model()
    saved = []
    object.__setattr__(model, "save_weights", saved.append)  # the call Keras makes, whatever saving exists
    x = np.random.default_rng(0).integers(0, 10, (8, 3))
    model.fit(x, np.zeros(8), epochs=3, batch_size=4, verbose=0,
              callbacks=[TensorBoard(str(tmp_path), embeddings_freq=2)])
    assert saved == [os.path.join(str(tmp_path), "train", "keras_embedding.ckpt-0.weights.h5"),
                     os.path.join(str(tmp_path), "train", "keras_embedding.ckpt-2.weights.h5")]


def test_steps_per_second_with_epoch_updates(tmp_path):
    # batch_steps_per_second goes to the default writer, and with update_freq="epoch" there is none: as Keras
    fit(tmp_path, validation=False, write_graph=False, write_steps_per_second=True)
    assert [tag for _, tag, _, _ in events(tmp_path)] == ["epoch_accuracy", "epoch_loss", "epoch_learning_rate",
                                                          "epoch_steps_per_second"]


def test_log_dir_may_be_a_path(tmp_path):
    fit(tmp_path / "run", validation=False, write_graph=False)
    assert os.listdir(tmp_path / "run") == ["train"]
    assert [tag for _, tag, _, _ in events(tmp_path / "run")] == ["epoch_accuracy", "epoch_loss", "epoch_learning_rate"]
