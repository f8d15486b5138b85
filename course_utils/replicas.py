"""Train one small network on K splits at once: K independent replicas inside one Keras model.

Introduced in ``07_evaluating``, which needs the network's score on 20 splits, not one. Fitting
20 small models one after another pays Keras's per-step overhead 20 times; here every layer holds
K independent copies of its weights along a leading axis, replica ``k`` sees only split ``k``'s
patients, and one gradient step trains all K. The loss is the sum of the replicas' losses, so each
replica's gradient is exactly the one it would get alone; Adam then treats each weight separately.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from course_utils import data


@keras.saving.register_keras_serializable(package="course_utils")
class ReplicaDense(keras.layers.Layer):
    """K independent Dense layers: input ``(batch, K, d_in)``, output ``(batch, K, units)``."""

    def __init__(self, units: int, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.activation = units, keras.activations.get(activation)

    def build(self, input_shape):
        replicas, d_in = input_shape[1], input_shape[2]
        self.kernel = self.add_weight(shape=(replicas, d_in, self.units), initializer="glorot_uniform",
                                      name="kernel")
        self.bias = self.add_weight(shape=(replicas, self.units), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(keras.ops.einsum("bkd,kdu->bku", inputs, self.kernel) + self.bias)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": keras.activations.serialize(self.activation)}


def summed_cross_entropy(y_true, y_pred):
    """Each patient row's binary cross-entropy summed over the replicas (so Keras's mean over the
    batch gives the sum of the replicas' mean losses)."""
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    return keras.ops.sum(keras.losses.binary_crossentropy(y_true[..., None], y_pred[..., None]), axis=-1)


def replicated_diagnosis_model(n_replicas: int, n_features: int, hidden: tuple[int, ...] = (16,),
                               learning_rate: float = 1e-3) -> keras.Model:
    """K copies of :func:`course_utils.models.diagnosis_model` (Dense ReLU layers, one sigmoid unit).

    Input ``(patients, K, n_features)``, output ``(patients, K)``: replica ``k``'s probabilities.
    """
    if n_replicas < 1 or n_features < 1 or not hidden or min(hidden) < 1:
        raise ValueError(f"need n_replicas >= 1, n_features >= 1 and hidden layers with >= 1 unit, got "
                         f"n_replicas={n_replicas}, n_features={n_features}, hidden={hidden}.")
    inputs = keras.Input(shape=(n_replicas, n_features))
    layer = inputs
    for units in hidden:
        layer = ReplicaDense(units, activation="relu")(layer)
    outputs = keras.layers.Reshape((n_replicas,))(ReplicaDense(1, activation="sigmoid")(layer))
    model = keras.Model(inputs, outputs, name=f"diagnosis_x{n_replicas}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=summed_cross_entropy)
    return model


class ReplicaEarlyStopping(keras.callbacks.Callback):
    """``EarlyStopping(monitor="val_loss", patience, restore_best_weights=True)`` for each replica.

    After every epoch each replica's validation cross-entropy is computed on its own validation
    patients; a replica whose loss has not improved for ``patience`` epochs stops counting, and at
    the end every replica gets back the weights of its own best epoch. Training ends when every
    replica has stopped (or at ``epochs``).
    """

    def __init__(self, x_val, y_val, patience: int = 10):
        super().__init__()
        self.x_val, self.y_val = np.asarray(x_val, "float32"), np.asarray(y_val, "float32")
        self.patience = patience

    def on_train_begin(self, logs=None):
        replicas = self.y_val.shape[1]
        self.best_loss = np.full(replicas, np.inf)
        self.best_epoch = np.zeros(replicas, dtype=int)
        self.waited = np.zeros(replicas, dtype=int)
        self.best_weights = [weight.copy() for weight in self.model.get_weights()]
        self.val_losses = []  # one array of K validation losses per epoch

    def on_epoch_end(self, epoch, logs=None):
        prob = np.clip(np.asarray(self.model(self.x_val, training=False)), 1e-7, 1 - 1e-7)
        loss = -np.mean(self.y_val * np.log(prob) + (1 - self.y_val) * np.log(1 - prob), axis=0)
        self.val_losses.append(loss)
        active = self.waited < self.patience
        improved = active & (loss < self.best_loss)
        weights = self.model.get_weights()
        for best, current in zip(self.best_weights, weights, strict=True):
            best[improved] = current[improved]
        self.best_loss[improved], self.best_epoch[improved] = loss[improved], epoch + 1
        self.waited[improved] = 0
        self.waited[active & ~improved] += 1
        if (self.waited >= self.patience).all():
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        self.model.set_weights(self.best_weights)


@dataclass
class StackedSplits:
    """K splits of one dataset, standardized per split and stacked along axis 1.

    ``X_train`` is ``(patients, K, features)``, ``y_train`` is ``(patients, K)``, and likewise for
    validation and test; ``seeds[k]`` is split ``k``'s seed for :func:`course_utils.data.split`.
    """

    seeds: list[int]
    X_train: np.ndarray
    X_val: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    y_test: np.ndarray


def stack_splits(X, y, seeds, val_size: float = 0.2, test_size: float = 0.2) -> StackedSplits:
    """Split ``(X, y)`` once per seed with the course's protocol, standardize each split with its own
    training patients, and stack the splits for :func:`replicated_diagnosis_model`."""
    from sklearn.preprocessing import StandardScaler

    parts = {name: [] for name in ("X_train", "X_val", "X_test", "y_train", "y_val", "y_test")}
    for seed in seeds:
        X_train, X_val, X_test, y_train, y_val, y_test = data.split(X, y, val_size, test_size, seed=seed)
        scaler = StandardScaler().fit(X_train)
        for name, value in (("X_train", scaler.transform(X_train)), ("X_val", scaler.transform(X_val)),
                            ("X_test", scaler.transform(X_test)), ("y_train", y_train), ("y_val", y_val),
                            ("y_test", y_test)):
            parts[name].append(np.asarray(value, dtype="float32"))
    sizes = {name: {len(value) for value in values} for name, values in parts.items()}
    if any(len(found) > 1 for found in sizes.values()):
        raise ValueError(f"the splits differ in size ({sizes}); stacking needs equal sizes.")
    return StackedSplits(list(seeds), **{name: np.stack(values, axis=1) for name, values in parts.items()})


def fit_replicas(stacked: StackedSplits, hidden: tuple[int, ...] = (16,), learning_rate: float = 1e-3,
                 epochs: int = 80, batch_size: int = 32, patience: int = 10
                 ) -> tuple[keras.Model, ReplicaEarlyStopping]:
    """Train one replica per split with ``07_evaluating``'s protocol: Adam, batches of 32, at most 80
    epochs, early stopping on each replica's validation loss (patience 10, best weights restored).

    Returns:
        The trained model (``model(stacked.X_test)`` gives each replica's test probabilities) and the
        early-stopping record (``best_epoch``, ``val_losses``).
    """
    model = replicated_diagnosis_model(len(stacked.seeds), stacked.X_train.shape[2], hidden, learning_rate)
    stopper = ReplicaEarlyStopping(stacked.X_val, stacked.y_val, patience)
    model.fit(stacked.X_train, stacked.y_train, epochs=epochs, batch_size=batch_size, callbacks=[stopper],
              verbose=0)
    return model, stopper
