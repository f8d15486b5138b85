"""Train one small network on K splits at once: K independent replicas inside one Keras model.

Introduced in ``01_concepts`` (activations over 10 splits) and used by every notebook that repeats
a network over seeds or splits (03 to 10, 12): ``06_training`` (regression), ``07_evaluating``
(diagnosis) and ``09_survival`` (Cox loss) each need the network's score on 20 splits, not one. Fitting
20 small models one after another pays Keras's per-step overhead 20 times; here every layer holds
K independent copies of its weights along a leading axis, replica ``k`` sees only split ``k``'s
patients, and one gradient step trains all K. The loss is the sum of the replicas' losses, so each
replica's gradient is exactly the one it would get alone; Adam then treats each weight separately.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import keras
import numpy as np

from course_utils import data


@keras.saving.register_keras_serializable(package="course_utils")
class ReplicaDense(keras.layers.Layer):
    """K independent Dense layers: input ``(batch, K, d_in)``, output ``(batch, K, units)``.

    An L2 penalty on the stacked kernel is the sum of the replicas' own penalties.
    """

    def __init__(self, units: int, activation=None, use_bias: bool = True, kernel_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.activation, self.use_bias = units, keras.activations.get(activation), use_bias
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)

    def build(self, input_shape):
        replicas, d_in = input_shape[1], input_shape[2]
        # Glorot-uniform for each replica's own (d_in, units) kernel, as a lone Dense layer starts; Keras's
        # "glorot_uniform" on the stacked (K, d_in, units) kernel starts every copy sqrt(K) times smaller.
        limit = math.sqrt(6 / (d_in + self.units))
        self.kernel = self.add_weight(shape=(replicas, d_in, self.units),
                                      initializer=keras.initializers.RandomUniform(-limit, limit),
                                      regularizer=self.kernel_regularizer, name="kernel")
        self.bias = (self.add_weight(shape=(replicas, self.units), initializer="zeros", name="bias")
                     if self.use_bias else None)

    def call(self, inputs):
        outputs = keras.ops.einsum("bkd,kdu->bku", inputs, self.kernel)
        return self.activation(outputs + self.bias if self.use_bias else outputs)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "use_bias": self.use_bias,
                "activation": keras.activations.serialize(self.activation),
                "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer)}


def summed_cross_entropy(y_true, y_pred):
    """Each patient row's binary cross-entropy summed over the replicas (so Keras's mean over the
    batch gives the sum of the replicas' mean losses)."""
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    return keras.ops.sum(keras.losses.binary_crossentropy(y_true[..., None], y_pred[..., None]), axis=-1)


def summed_squared_error(y_true, y_pred):
    """Each patient row's squared error summed over the replicas (the replicas' MSEs, summed)."""
    return keras.ops.sum(keras.ops.square(keras.ops.cast(y_true, y_pred.dtype) - y_pred), axis=-1)


def summed_cox_loss(y_true, y_pred):
    """The replicas' Cox losses (:func:`course_utils.survival.cox_negative_log_likelihood`), summed.

    ``y_true`` is ``(patients, K, 2)``: each replica's ``[time, event]``; train with the whole
    training set as one batch.
    """
    from course_utils.survival import cox_negative_log_likelihood

    return sum(cox_negative_log_likelihood(y_true[:, k, 0], y_true[:, k, 1], y_pred[:, k])
               for k in range(y_pred.shape[1]))


def replicated_network(n_replicas: int, n_features: int, hidden: tuple[int, ...] = (16,),
                       output_activation: str | None = "sigmoid", loss=summed_cross_entropy,
                       learning_rate: float = 1e-3, l2: float = 0.0, dropout: float = 0.0,
                       output_bias: bool = True, activation: str = "relu", l1: float = 0.0) -> keras.Model:
    """K copies of a small network: Dense layers (ReLU unless ``activation``; optional L1, L2 and
    dropout on the hidden layers), one output unit.

    Input ``(patients, K, n_features)``, output ``(patients, K)``: replica ``k``'s predictions.
    Compiled with Adam and ``loss`` (one of this module's ``summed_*`` losses).
    """
    if n_replicas < 1 or n_features < 1 or not hidden or min(hidden) < 1:
        raise ValueError(f"need n_replicas >= 1, n_features >= 1 and hidden layers with >= 1 unit, got "
                         f"n_replicas={n_replicas}, n_features={n_features}, hidden={hidden}.")
    penalty = keras.regularizers.L1L2(l1=l1, l2=l2) if (l1 or l2) else None
    inputs = keras.Input(shape=(n_replicas, n_features))
    layer = inputs
    for units in hidden:
        layer = ReplicaDense(units, activation=activation, kernel_regularizer=penalty)(layer)
        if dropout:
            layer = keras.layers.Dropout(dropout)(layer)
    output = ReplicaDense(1, activation=output_activation, use_bias=output_bias)(layer)
    model = keras.Model(inputs, keras.layers.Reshape((n_replicas,))(output), name=f"network_x{n_replicas}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    return model


def replicated_diagnosis_model(n_replicas: int, n_features: int, hidden: tuple[int, ...] = (16,),
                               learning_rate: float = 1e-3) -> keras.Model:
    """K copies of :func:`course_utils.models.diagnosis_model` (Dense ReLU layers, one sigmoid unit)."""
    return replicated_network(n_replicas, n_features, hidden, "sigmoid", summed_cross_entropy, learning_rate)


def replica_cross_entropy(y_true: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """Each replica's mean binary cross-entropy: arrays ``(patients, K)`` in, ``(K,)`` out."""
    prob = np.clip(prob, 1e-7, 1 - 1e-7)
    return -np.mean(y_true * np.log(prob) + (1 - y_true) * np.log(1 - prob), axis=0)


def replica_squared_error(y_true: np.ndarray, prediction: np.ndarray) -> np.ndarray:
    """Each replica's mean squared error: arrays ``(patients, K)`` in, ``(K,)`` out."""
    return np.mean((y_true - prediction) ** 2, axis=0)


class ReplicaEarlyStopping(keras.callbacks.Callback):
    """``EarlyStopping(monitor="val_loss", patience, restore_best_weights=True)`` for each replica.

    After every epoch each replica's validation loss (``per_replica_loss``: cross-entropy by default,
    :func:`replica_squared_error` for regression) is computed on its own validation patients; a
    replica whose loss has not improved for ``patience`` epochs stops counting, and at the end every
    replica gets back the weights of its own best epoch. Training ends when every replica has
    stopped (or at ``epochs``).
    """

    def __init__(self, x_val, y_val, patience: int = 10, per_replica_loss=replica_cross_entropy):
        super().__init__()
        self.x_val, self.y_val = np.asarray(x_val, "float32"), np.asarray(y_val, "float32")
        self.patience, self.per_replica_loss = patience, per_replica_loss

    def on_train_begin(self, logs=None):
        replicas = self.y_val.shape[1]
        self.best_loss = np.full(replicas, np.inf)
        self.best_epoch = np.zeros(replicas, dtype=int)
        self.waited = np.zeros(replicas, dtype=int)
        self.best_weights = [weight.copy() for weight in self.model.get_weights()]
        self.val_losses = []  # one array of K validation losses per epoch

    def on_epoch_end(self, epoch, logs=None):
        loss = self.per_replica_loss(self.y_val, np.asarray(self.model(self.x_val, training=False)))
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


def side_by_side(networks: list[keras.Model], learning_rate: float = 1e-3,
                 loss=summed_cross_entropy) -> keras.Model:
    """Several replicated networks of different shapes (from :func:`replicated_network`) as one model.

    Introduced in ``08_overfitting`` (remedies and a tuning grid, each setting on 20 cohorts). Network
    ``i`` takes its own ``K_i`` slots of the input ``(patients, K_1 + K_2 + ..., features)`` and the
    outputs are concatenated in the same order, so one ``fit`` trains every replica of every network,
    each still exactly as it would train alone (the loss is a sum; Adam treats each weight
    separately). Compiled with Adam and ``loss``.
    """
    sizes = [network.input_shape[1] for network in networks]
    n_features = {network.input_shape[2] for network in networks}
    if not networks or len(n_features) > 1:
        raise ValueError(f"need at least one network, all with the same number of features, got "
                         f"{n_features}.")
    inputs = keras.Input(shape=(sum(sizes), n_features.pop()))
    starts = np.cumsum([0, *sizes[:-1]])
    # each network re-wrapped under a unique name (its layers, and so its weights, stay shared)
    outputs = [keras.Model(network.input, network.output, name=f"{network.name}_{index}")(
               inputs[:, start:start + size])
               for index, (network, start, size) in enumerate(zip(networks, starts, sizes, strict=True))]
    model = keras.Model(inputs, keras.layers.Concatenate(axis=1)(outputs) if len(outputs) > 1 else outputs[0],
                        name=f"side_by_side_x{sum(sizes)}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    return model


def per_replica_rows(values: np.ndarray, rows) -> np.ndarray:
    """Replica ``k`` keeps its own patients ``rows[k]``: ``values[:, k]`` at those rows, restacked.

    Introduced in ``08_overfitting`` (a 40-patient cohort per split, then its cross-validation folds).

    Args:
        values: ``(patients, K, ...)``, e.g. :class:`StackedSplits` ``X_train``.
        rows: K index arrays of one common length.
    """
    if len(rows) != values.shape[1] or len({len(index) for index in rows}) > 1:
        raise ValueError(f"need one index array per replica ({values.shape[1]}), all of one length.")
    return np.stack([values[index, k] for k, index in enumerate(rows)], axis=1)
