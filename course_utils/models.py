"""Small Keras model builders reused across notebooks.

Introduced in ``06_training.ipynb``; ``07_evaluating`` and ``08_overfitting``
reuse :func:`diagnosis_model` so each can focus on its own idea. ``04_building``
shows how such a model is written layer by layer.
"""

import keras


@keras.saving.register_keras_serializable(package="course_utils")
def cross_entropy(y_true, y_pred):
    """Binary cross-entropy per patient, as a metric: the loss without L1/L2 penalties."""
    y_true = keras.ops.cast(keras.ops.reshape(y_true, (-1, 1)), y_pred.dtype)
    return keras.losses.binary_crossentropy(y_true, y_pred)


def diagnosis_model(
    n_features: int,
    hidden: tuple[int, ...] = (16,),
    dropout: float = 0.0,
    l1: float = 0.0,
    l2: float = 0.0,
    learning_rate: float = 1e-3,
    name: str = "diagnosis",
) -> keras.Model:
    """A compiled binary classifier: Dense ReLU layers, then one sigmoid unit.

    Args:
        n_features: number of (standardized) input features.
        hidden: units of each hidden layer, e.g. ``(16,)`` or ``(256, 256)``.
        dropout: dropout rate after each hidden layer (0 = none).
        l1: L1 penalty on each Dense layer's weights (0 = none).
        l2: L2 penalty on each Dense layer's weights (0 = none).
        learning_rate: Adam's step size.
        name: the model's name.

    Returns:
        A model compiled with binary cross-entropy, tracking accuracy, AUC (``auc`` / ``val_auc``)
        and the cross-entropy without the L1/L2 penalty (``cross_entropy`` / ``val_cross_entropy``),
        which stays comparable between regularized and plain models.
    """
    if n_features < 1 or not hidden or min(hidden) < 1:
        raise ValueError(f"need n_features >= 1 and at least one hidden layer with >= 1 unit, "
                         f"got n_features={n_features}, hidden={hidden}.")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout}.")
    regularizer = keras.regularizers.L1L2(l1=l1, l2=l2) if (l1 or l2) else None
    layers = [keras.Input(shape=(n_features,))]
    for units in hidden:
        layers.append(keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=regularizer))
    model = keras.Sequential(layers, name=name)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  metrics=["accuracy", keras.metrics.AUC(name="auc"),
                           keras.metrics.MeanMetricWrapper(cross_entropy, name="cross_entropy")])
    return model


def fit_cached(model: keras.Model, x, y, epochs: int, batch_size: int | None = None,
               validation_data=None, callbacks=None, seed: int = 42) -> keras.callbacks.History:
    """``model.fit`` on in-memory arrays, wrapped in a cached ``tf.data`` pipeline.

    Introduced in ``08_overfitting``, which trains many small models: on a table of a few hundred
    patients, Keras spends most of each epoch preparing the arrays, and caching them makes an epoch
    about three times faster. The training itself is the same as ``model.fit``.

    Args:
        x, y: training inputs and targets.
        epochs: passes over the training data.
        batch_size: patients per gradient step; None = all of them (one step per epoch).
        validation_data: ``(x_val, y_val)`` scored after every epoch, or None.
        callbacks: Keras callbacks, e.g. ``EarlyStopping``.
        seed: seed of the per-epoch shuffling.

    Returns:
        The ``History`` returned by ``model.fit``.
    """
    import numpy as np
    import tensorflow as tf

    def dataset(inputs, targets, size, shuffle):
        inputs, targets = np.asarray(inputs, dtype="float32"), np.asarray(targets, dtype="float32")
        pipeline = tf.data.Dataset.from_tensor_slices((inputs, targets)).cache()
        if shuffle and size < len(inputs):
            pipeline = pipeline.shuffle(len(inputs), seed=seed, reshuffle_each_iteration=True)
        return pipeline.batch(size)

    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} rows but y has {len(y)}; they must describe the same patients.")
    size = batch_size or len(x)
    validation = None
    if validation_data is not None:
        x_val, y_val = validation_data
        validation = dataset(x_val, y_val, len(x_val), shuffle=False)
    return model.fit(dataset(x, y, size, shuffle=True), epochs=epochs, validation_data=validation,
                     callbacks=callbacks, shuffle=False, verbose=0)
