"""Exercises for ``05_compiling.ipynb``: a loss, an optimizer that keeps pace, the accuracy paradox,
compiling, and PPV when a diagnostic model meets screening."""

import functools

import numpy as np

from course_utils.exercises import calls, checks
from course_utils.exercises.core import Incorrect, Question

q1 = checks.choice_question(
    "Question 1 (pick the loss)",
    correct="sparse_categorical_crossentropy",
    explanations={
        "binary_crossentropy": "binary cross-entropy is for two classes (one sigmoid output); "
                               "here there are five severity grades.",
        "sparse_categorical_crossentropy": "right: several classes, labels stored as integers.",
        "categorical_crossentropy": "categorical cross-entropy expects one-hot labels "
                                    "(a row of five 0/1 values); these labels are integers 0-4.",
        "mse": "mean squared error treats the grades as measurements on a ruler and predicts "
               "in-between values like 2.4; the task asks for one of five classes.",
    },
    synonyms={"mean squared error": "mse", "sparse cross-entropy": "sparse_categorical_crossentropy",
              "categorical cross-entropy": "categorical_crossentropy",
              "binary cross-entropy": "binary_crossentropy"},
    hint="How many classes are there, and are the labels integers or one-hot rows?",
    solution="answer_loss = 'sparse_categorical_crossentropy'   # 5 classes, integer labels 0-4",
)


# Question 2 (predict, then run): plain SGD that trains like SGD with momentum 0.9 at learning rate 0.01.
MOMENTUM_REFERENCE = {"learning_rate": 0.01, "momentum": 0.9}
TRAINING_STEPS = 60  # full-batch steps on the notebook's training patients
ALIKE = 0.2  # final training losses may differ by this share (measured: rates 0.07-0.13 do; 0.05, 0.2 do not)


@functools.cache
def _training_patients():
    """The notebook's training patients (split seed 42), standardized with their own statistics."""
    from sklearn.preprocessing import StandardScaler

    from course_utils import data

    X, y = data.load_xy("breast_cancer")
    X_train, _, _, y_train, _, _ = data.split(X, y)
    return StandardScaler().fit_transform(X_train).astype("float32"), y_train.to_numpy().astype("float32")


def _final_training_loss(optimizer) -> float:
    """Training cross-entropy after :data:`TRAINING_STEPS` full-batch steps of the notebook's network,
    always from the same seeded starting weights."""
    import keras

    from course_utils.metrics import cross_entropy

    X, y = _training_patients()
    glorot = keras.initializers.GlorotUniform
    network = keras.Sequential([
        keras.Input(shape=(X.shape[1],)),
        keras.layers.Dense(16, activation="relu", kernel_initializer=glorot(seed=1)),
        keras.layers.Dense(1, activation="sigmoid", kernel_initializer=glorot(seed=2)),
    ])
    network.compile(optimizer=optimizer, loss="binary_crossentropy")
    network.fit(np.tile(X, (TRAINING_STEPS, 1)), np.tile(y, TRAINING_STEPS), batch_size=len(X), epochs=1,
                shuffle=False, verbose=0)
    return cross_entropy(y, np.asarray(network(X)))


@functools.cache
def _momentum_loss() -> float:
    import keras

    return _final_training_loss(keras.optimizers.SGD(**MOMENTUM_REFERENCE))


def _check_matched_sgd(answer: object) -> None:
    import keras

    if not callable(answer):
        raise Incorrect(f"expected a function that returns an optimizer, got {type(answer).__name__}.")
    optimizer = calls.call(answer, name="make_matched_sgd")
    if not isinstance(optimizer, keras.optimizers.SGD):
        raise Incorrect(f"make_matched_sgd() returns {type(optimizer).__name__}, not keras.optimizers.SGD: "
                        "the task asks for plain SGD.")
    if optimizer.momentum or optimizer.nesterov:
        raise Incorrect("your SGD uses momentum; the question is which plain SGD (momentum=0) keeps pace "
                        "with momentum.")
    try:
        loss = _final_training_loss(optimizer)
    except ValueError as error:
        raise Incorrect(f"training with your optimizer failed ({error}). Create a new optimizer inside "
                        "make_matched_sgd() each time it is called: an optimizer already used by another "
                        "model cannot train a new one.") from None
    if not np.isfinite(loss):
        raise Incorrect("with your learning rate the training loss became NaN: the steps are so large that "
                        "training diverged.")
    gap = abs(loss / _momentum_loss() - 1)
    if gap > ALIKE:
        raise Incorrect(f"after {TRAINING_STEPS} steps from the same starting weights, your SGD's training "
                        f"loss differs from momentum's by {gap:.0%}: the two do not train alike. On a slope "
                        "that keeps its direction, how many steps' worth does a velocity with momentum 0.9 "
                        "add up to?")


q2 = Question(
    "Question 2 (predict, then run: plain SGD that keeps pace with momentum)",
    _check_matched_sgd,
    hint="With momentum β the velocity adds up past steps: η g + β η g + β² η g + ... = η g / (1 - β). "
         "Which plain learning rate takes that step at once?",
    solution="def make_matched_sgd():\n"
             "    return keras.optimizers.SGD(learning_rate=0.01 / (1 - 0.9))   # 0.1: momentum's step",
    points=2,
)


# Questions 3 and 4: a "predict nobody is sick" classifier screening for a disease with 0.5% prevalence.
SCREENING_PREVALENCE = 0.005


q3 = checks.number_question(
    "Question 3 (accuracy of 'nobody is sick')",
    expected=1 - SCREENING_PREVALENCE,
    decimals=3,
    known_mistakes={
        SCREENING_PREVALENCE: "that is the share of patients who are sick, and the classifier gets "
                              "every one of them wrong. What share does it get right?",
        100 * (1 - SCREENING_PREVALENCE): "give accuracy as a fraction between 0 and 1, not a percentage.",
        0.0: "zero is its sensitivity; accuracy counts the healthy patients it labels correctly too.",
        1.0: "it gets every healthy patient right, but it misses every sick one.",
    },
    hint="Accuracy = correct predictions / all patients. Which patients does 'healthy' describe correctly?",
    solution="answer_accuracy = 1 - 0.005   # 0.995: every healthy patient right, every sick one wrong",
)


q4 = checks.number_question(
    "Question 4 (sensitivity of 'nobody is sick')",
    expected=0.0,
    abs_tol=1e-9,
    known_mistakes={
        1 - SCREENING_PREVALENCE: "that is its accuracy; sensitivity only looks at the sick patients.",
        1.0: "that is its specificity (it clears every healthy patient); sensitivity looks at the sick.",
        SCREENING_PREVALENCE: "that is the prevalence; sensitivity = sick patients found / all sick.",
    },
    hint="Sensitivity (recall) = true positives / (true positives + false negatives). "
         "How many sick patients does it flag?",
    solution="answer_sensitivity = 0.0   # it never flags anyone, so it finds none of the sick patients",
)


def _check_compile_function(answer: object) -> None:
    import keras

    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
    returned = calls.call(answer, model, name="compile_for_screening",
                          shown="compile_for_screening(a model with a sigmoid output)")
    if returned is not model:
        if isinstance(returned, keras.Model):
            raise Incorrect("your function returns a different model from the one it is given: compile "
                            "the model passed in (its argument) and return that one.")
        raise Incorrect(f"your function returns a {type(returned).__name__}; return the compiled model.")
    checks.expect_compiled(returned, loss="binary_crossentropy", metrics=["auc", "recall"])
    if _from_logits(returned.loss):
        raise Incorrect("the loss has from_logits=True, which tells it the model outputs raw scores "
                        "(logits); this model ends in a sigmoid, so its outputs are already probabilities. "
                        "Leave from_logits=False.")
    if not isinstance(returned.optimizer, keras.optimizers.Adam):
        raise Incorrect(f"the model uses the {type(returned.optimizer).__name__} optimizer; "
                        "the task asks for Adam.")


def _from_logits(loss: object) -> bool:
    """True for a loss object built with ``from_logits=True``."""
    config = loss.get_config() if hasattr(loss, "get_config") else {}
    return bool(getattr(loss, "from_logits", False) or config.get("from_logits"))


q5 = Question(
    "Question 5 (compile for screening)",
    _check_compile_function,
    hint="model.compile(optimizer=..., loss=..., metrics=[...]) with Adam, the loss for a yes/no "
         "diagnosis, and keras.metrics.AUC() and keras.metrics.Recall(); then return the model.",
    solution=(
        "def compile_for_screening(model):\n"
        "    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),\n"
        "                  loss='binary_crossentropy',\n"
        "                  metrics=[keras.metrics.AUC(name='auc'), keras.metrics.Recall(name='recall')])\n"
        "    return model"
    ),
    points=2,
)



q6 = checks.choice_question(
    "Question 6 (from diagnosis to screening)",
    correct="c",
    explanations={
        "a": "sensitivity and specificity carry over only if the new patients look like the old ones, and "
             "screening finds smaller, earlier lesions than the lumps these aspirates came from. Even if "
             "they did carry over, the PPV would not: at 2% prevalence a far larger share of the women "
             "flagged are healthy, and surgery would harm every one of them.",
        "b": "a lower threshold finds a few more cancers but flags even more healthy women, so the PPV "
             "falls further. The harm lies in what a flag triggers (surgery); the threshold does not "
             "change that.",
        "c": "",
        "d": "too strong: a low PPV is acceptable for a first step when a positive result only leads to a "
             "safe confirmatory test, and a negative result at 2% prevalence is very reassuring (a high "
             "NPV). The problems are what a flag triggers and whether the model works on screening "
             "patients at all.",
    },
    hint="Look at the PPV printed at 2% prevalence: of the women flagged, how many have cancer? What "
         "happens to the others if a flag means surgery? And were these networks trained on women like them?",
    solution="answer_screening_advice = 'c'   # a flag must lead to a confirmatory test, not to surgery, "
             "and the model must first be validated on a screening population",
)
