"""Exercises for ``05_compiling.ipynb``: choosing a loss, compiling, and the accuracy paradox."""

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


# Questions 2 and 3: a "predict nobody is sick" classifier screening for a disease with 0.5% prevalence.
SCREENING_PREVALENCE = 0.005


q2 = checks.number_question(
    "Question 2 (accuracy of 'nobody is sick')",
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


q3 = checks.number_question(
    "Question 3 (sensitivity of 'nobody is sick')",
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


q4 = Question(
    "Question 4 (compile for screening)",
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
