"""K replicas in one model train exactly as K separate models, each on its own split."""

import keras
import numpy as np
import pytest

from course_utils import data, environment, replicas, survival

environment.setup(seed=0, quiet=True)
RNG = np.random.default_rng(0)


def random_task(n: int, k: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Noise features ``(n, k, d)`` and 0/1 labels ``(n, k)``: k replicas' own patients."""
    return RNG.normal(size=(n, k, d)).astype("float32"), RNG.integers(0, 2, (n, k)).astype("float32")


def plain_twin(n_features: int, hidden: int) -> keras.Model:
    """The single network one replica stands for, compiled the same way."""
    model = keras.Sequential([keras.Input(shape=(n_features,)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    return model


def test_replica_dense_is_k_separate_dense_layers():
    x = RNG.normal(size=(5, 3, 4)).astype("float32")
    layer = replicas.ReplicaDense(2, activation="relu")
    out = np.asarray(layer(x))
    kernel, bias = (np.asarray(weight) for weight in layer.get_weights())
    for k in range(3):
        np.testing.assert_allclose(out[:, k], np.maximum(x[:, k] @ kernel[k] + bias[k], 0), rtol=1e-5)


def assert_replica_trains_like_its_twin(model, twin, replica, x, y, **fit):
    """Give ``twin`` replica ``replica``'s starting weights, train both the same way, compare weights."""
    twin.set_weights([weight[replica] for weight in model.get_weights()])
    model.fit(x, y, shuffle=False, verbose=0, **fit)
    twin.fit(x[:, replica], y[:, replica], shuffle=False, verbose=0, **fit)
    for joint, alone in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_allclose(joint[replica], alone, rtol=1e-4, atol=1e-5)


def test_each_replica_starts_at_the_scale_of_a_lone_dense_layer():
    """Glorot-uniform per replica: limit sqrt(6 / (d_in + units)), whatever the number of replicas K."""
    for n_replicas in (1, 20):
        layer = replicas.ReplicaDense(16)
        layer.build((None, n_replicas, 30))
        kernel = np.asarray(layer.kernel)
        limit = np.sqrt(6 / (30 + 16))
        assert np.abs(kernel).max() <= limit
        assert kernel.std() == pytest.approx(limit / np.sqrt(3), rel=0.1)  # the uniform's standard deviation


def test_each_replica_trains_exactly_like_its_own_model():
    x, y = random_task(40, 3, 4)
    model = replicas.replicated_diagnosis_model(3, 4, hidden=(5,))
    assert_replica_trains_like_its_twin(model, plain_twin(4, 5), 1, x, y, epochs=5, batch_size=10)


def test_a_regression_replica_trains_exactly_like_its_own_model():
    x, y = RNG.normal(size=(40, 2, 4)).astype("float32"), RNG.normal(100, 20, size=(40, 2)).astype("float32")
    model = replicas.replicated_network(2, 4, (5,), output_activation=None, learning_rate=0.01, l2=1e-3,
                                        loss=replicas.summed_squared_error)
    penalty = keras.regularizers.L2(1e-3)
    twin = keras.Sequential([keras.Input(shape=(4,)),
                             keras.layers.Dense(5, activation="relu", kernel_regularizer=penalty),
                             keras.layers.Dense(1)])
    twin.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    assert_replica_trains_like_its_twin(model, twin, 0, x, y, epochs=4, batch_size=8)


def test_a_cox_replica_trains_exactly_like_its_own_model():
    n = 50
    x = RNG.normal(size=(n, 3, 4)).astype("float32")
    y = np.stack([RNG.exponential(10, (n, 3)), RNG.integers(0, 2, (n, 3))], axis=-1).astype("float32")
    model = replicas.replicated_network(3, 4, (6,), output_activation=None, loss=replicas.summed_cox_loss,
                                        learning_rate=0.01, output_bias=False)
    twin = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(6, activation="relu"),
                             keras.layers.Dense(1, use_bias=False)])
    twin.compile(optimizer=keras.optimizers.Adam(0.01), loss=survival.cox_loss)
    assert_replica_trains_like_its_twin(model, twin, 2, x, y, epochs=5, batch_size=n)


def test_replica_squared_error_and_cross_entropy_by_hand():
    y, p = np.array([[1.0, 0.0], [0.0, 0.0]]), np.array([[0.8, 0.1], [0.3, 0.4]])
    np.testing.assert_allclose(replicas.replica_cross_entropy(y, p),
                               [-(np.log(0.8) + np.log(0.7)) / 2, -(np.log(0.9) + np.log(0.6)) / 2])
    np.testing.assert_allclose(replicas.replica_squared_error(y, p), [(0.04 + 0.09) / 2, (0.01 + 0.16) / 2])


def test_early_stopping_keeps_each_replicas_own_best_epoch():
    n, k, d = 60, 2, 3
    (x, y), (x_val, y_val) = random_task(n, k, d), random_task(30, k, d)
    model = replicas.replicated_diagnosis_model(k, d, hidden=(8,), learning_rate=0.05)
    stopper = replicas.ReplicaEarlyStopping(x_val, y_val, patience=3)
    model.fit(x, y, epochs=60, batch_size=20, callbacks=[stopper], verbose=0)
    losses = np.array(stopper.val_losses)
    for replica in range(k):
        best = stopper.best_epoch[replica]
        window = losses[: best + 3, replica]  # the epochs the replica was still counting
        assert best == 1 + int(np.argmin(window)) and stopper.best_loss[replica] == window.min()
    restored = np.clip(np.asarray(model(x_val)), 1e-7, 1 - 1e-7)
    restored_loss = -np.mean(y_val * np.log(restored) + (1 - y_val) * np.log(1 - restored), axis=0)
    np.testing.assert_allclose(restored_loss, stopper.best_loss, rtol=1e-5)
    assert len(losses) < 60 or (stopper.waited < 3).any()


def test_stack_splits_standardizes_each_split_with_its_own_training_patients():
    X, y = data.load_xy("breast_cancer")
    stacked = replicas.stack_splits(X, y, seeds=[3, 7])
    assert stacked.X_train.shape == (341, 2, 30) and stacked.y_test.shape == (114, 2)
    X_train, _, X_test, _, _, y_test = data.split(X, y, seed=7)
    expected = (X_test - X_train.mean()) / X_train.std(ddof=0)
    np.testing.assert_allclose(stacked.X_test[:, 1], expected.to_numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(stacked.y_test[:, 1], y_test.to_numpy())
    np.testing.assert_allclose(stacked.X_train[:, 0].mean(axis=0), 0, atol=1e-5)


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="n_replicas >= 1"):
        replicas.replicated_diagnosis_model(0, 30)


def test_networks_side_by_side_train_like_their_own_models():
    x, y = random_task(30, 5, 4)
    relu = replicas.replicated_network(2, 4, (3,), learning_rate=0.01)
    tanh = replicas.replicated_network(3, 4, (6,), activation="tanh", l1=0.01, learning_rate=0.01)
    model = replicas.side_by_side([relu, tanh], learning_rate=0.01)
    assert model.output_shape == (None, 5)
    penalty = keras.regularizers.L1(0.01)
    twin = keras.Sequential([keras.Input(shape=(4,)),
                             keras.layers.Dense(6, activation="tanh", kernel_regularizer=penalty),
                             keras.layers.Dense(1, activation="sigmoid")])
    twin.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    twin.set_weights([weight[1] for weight in tanh.get_weights()])
    model.fit(x, y, epochs=4, batch_size=10, shuffle=False, verbose=0)
    twin.fit(x[:, 3], y[:, 3], epochs=4, batch_size=10, shuffle=False, verbose=0)
    for joint, alone in zip(tanh.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_allclose(joint[1], alone, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(model(x))[:, :2], np.asarray(relu(x[:, :2])), rtol=1e-5)
    twins = replicas.side_by_side([replicas.replicated_network(2, 4), replicas.replicated_network(2, 4)])
    assert twins.output_shape == (None, 4)  # networks of the same name and size
    with pytest.raises(ValueError, match="same number of features"):
        replicas.side_by_side([relu, replicas.replicated_network(1, 7)])


def test_per_replica_rows_keeps_each_replicas_own_patients():
    values = np.arange(12).reshape(4, 3)  # patient p, replica k -> 3p + k
    np.testing.assert_array_equal(replicas.per_replica_rows(values, [[0, 2], [3, 1], [1, 1]]),
                                  [[0, 10, 5], [6, 4, 5]])
    with pytest.raises(ValueError, match="one index array per replica"):
        replicas.per_replica_rows(values, [[0], [1, 2], [3]])
