"""shuffle: a real buffer (local shuffling when the buffer is smaller than the data), seeds,
reshuffling each pass; and the other random datasets."""

from __future__ import annotations

import numpy as np
import pytest

import tensorflux as tf


def order(ds):
    return [int(x) for x in ds.as_numpy_iterator()]


@pytest.mark.parametrize("buffer_size", [1, 2, 5, 16])
def test_an_element_moves_at_most_buffer_size_minus_one_places_earlier(buffer_size):
    for seed in range(20):
        out = order(tf.data.Dataset.range(40).shuffle(buffer_size, seed=seed))
        assert sorted(out) == list(range(40))
        for position, value in enumerate(out):
            assert value <= position + buffer_size - 1  # it was in the buffer when it came out


def test_a_small_buffer_is_not_a_full_permutation():
    out = order(tf.data.Dataset.range(1000).shuffle(10, seed=1))
    assert out != list(range(1000))
    assert max(out[:100]) < 110  # the first outputs come from the start of the data
    assert out[-1] >= 990 - 10  # and the last from its end


def test_buffer_one_keeps_the_order():
    assert order(tf.data.Dataset.range(10).shuffle(1, seed=3)) == list(range(10))


def test_first_element_is_uniform_over_the_buffer():
    counts = np.zeros(8, int)
    for seed in range(800):
        counts[order(tf.data.Dataset.range(8).shuffle(4, seed=seed).take(1))[0]] += 1
    assert counts[4:].sum() == 0  # never beyond the buffer
    assert counts[:4].min() > 140  # each of the 4 about 200 times (a failure is a 6-sigma event)


def test_full_buffer_gives_every_permutation_with_equal_chance():
    seen = {}
    for seed in range(1200):
        key = tuple(order(tf.data.Dataset.range(3).shuffle(3, seed=seed)))
        seen[key] = seen.get(key, 0) + 1
    assert len(seen) == 6 and min(seen.values()) > 120


def test_seed_gives_the_same_sequence_of_orders():
    a = tf.data.Dataset.range(20).shuffle(20, seed=5)
    b = tf.data.Dataset.range(20).shuffle(20, seed=5)
    first_a, second_a = order(a), order(a)
    assert first_a != second_a  # reshuffled each pass
    assert [first_a, second_a] == [order(b), order(b)]
    assert order(tf.data.Dataset.range(20).shuffle(20, seed=6)) != first_a


def test_reshuffle_each_iteration_false_repeats_the_order():
    ds = tf.data.Dataset.range(20).shuffle(20, seed=5, reshuffle_each_iteration=False)
    first = order(ds)
    assert order(ds) == first
    assert order(ds.repeat(2)) == first + first


def test_shuffle_then_repeat_reshuffles_each_epoch_and_repeat_then_shuffle_mixes_epochs():
    epochs = order(tf.data.Dataset.range(10).shuffle(10, seed=2).repeat(3))
    assert [sorted(epochs[i:i + 10]) for i in (0, 10, 20)] == [list(range(10))] * 3
    assert epochs[:10] != epochs[10:20]
    mixed = order(tf.data.Dataset.range(10).repeat(3).shuffle(15, seed=2))
    assert sorted(mixed) == sorted(list(range(10)) * 3)
    assert any(sorted(mixed[i:i + 10]) != list(range(10)) for i in (0, 10, 20))


def test_global_seed_makes_unseeded_shuffles_reproducible():
    tf.random.set_seed(11)
    first = [order(tf.data.Dataset.range(30).shuffle(30)) for _ in range(2)]
    tf.random.set_seed(11)
    again = [order(tf.data.Dataset.range(30).shuffle(30)) for _ in range(2)]
    tf.random.set_seed(None)
    assert first == again and first[0] != first[1]


def test_no_seed_differs_between_datasets():
    assert order(tf.data.Dataset.range(50).shuffle(50)) != order(tf.data.Dataset.range(50).shuffle(50))


def test_shuffle_is_lazy_on_infinite_input():
    assert len(order(tf.data.Dataset.range(5).repeat().shuffle(100, seed=1).take(7))) == 7


def test_sample_from_datasets_follows_the_weights():
    a, b = tf.data.Dataset.from_tensors(0).repeat(), tf.data.Dataset.from_tensors(1).repeat()
    draws = order(tf.data.Dataset.sample_from_datasets([a, b], weights=[0.8, 0.2], seed=3).take(2000))
    assert 0.15 < np.mean(draws) < 0.25
    finite = tf.data.Dataset.sample_from_datasets([tf.data.Dataset.range(3), tf.data.Dataset.range(10, 13)], seed=1)
    assert sorted(order(finite)) == [0, 1, 2, 10, 11, 12]
    out = order(tf.data.Dataset.sample_from_datasets([tf.data.Dataset.range(3), tf.data.Dataset.range(10, 13)],
                                                     seed=1, stop_on_empty_dataset=True))
    assert len(out) < 6 and [x for x in out if x < 10] == sorted(x for x in out if x < 10)


def test_random_dataset_is_seeded():
    a = order(tf.data.Dataset.random(seed=4).take(5))
    assert a == order(tf.data.Dataset.random(seed=4).take(5)) and len(set(a)) == 5
