"""Small Keras model builders reused across notebooks.

Introduced in ``06_training.ipynb``; ``07_evaluating`` and ``08_overfitting``
reuse :func:`diagnosis_model` so each can focus on its own idea. ``04_building``
shows how such a model is written layer by layer.
"""

import keras


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
        A model compiled with binary cross-entropy, tracking accuracy and AUC
        (logged as ``auc`` / ``val_auc``).
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
                  metrics=["accuracy", keras.metrics.AUC(name="auc")])
    return model
