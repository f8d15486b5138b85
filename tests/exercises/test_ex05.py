"""Every ex05 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import keras
import numpy as np
import pytest

from course_utils.exercises import ex05 as ex
from tests.exercises.exercise_cases import ExerciseContract


def compiler(optimizer="adam", loss="binary_crossentropy", metrics=("auc", "recall"), returns=True):
    """A compile function like the one the learner writes, with one knob to get wrong."""
    def compile_model(model):
        model.compile(optimizer=optimizer, loss=loss,
                      metrics=[keras.metrics.get(name) if name != "auc" else keras.metrics.AUC()
                               for name in metrics])
        return model if returns else None
    return compile_model


def good_compiler(model):
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.BinaryCrossentropy(),
                  metrics=[keras.metrics.AUC(name="auc"), keras.metrics.Recall(name="recall")])
    return model


def ignores_its_argument(model):
    """Builds and compiles a model of its own instead of the one it is given."""
    own = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
    return good_compiler(own)


def sgd(**settings):
    """A make_matched_sgd() like the learner's, returning a new optimizer at each call."""
    return lambda: keras.optimizers.SGD(**settings)


USED_ONCE = keras.optimizers.SGD(learning_rate=0.1)  # already built for another model's weights
USED_ONCE.build(keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)]).trainable_variables)


GOOD = {
    ex.q1: ["sparse_categorical_crossentropy", " Sparse_Categorical_Crossentropy",
            "SparseCategoricalCrossentropy", "sparse categorical cross-entropy",
            keras.losses.SparseCategoricalCrossentropy()],
    ex.q5: [good_compiler, compiler(), compiler(loss=keras.losses.BinaryCrossentropy(from_logits=False)),
            compiler(optimizer=keras.optimizers.Adam(learning_rate=3e-4))],
    ex.q3: [0.995, 1 - 0.005, np.float32(0.995), np.array(0.995), 0.9951],
    ex.q4: [0, 0.0, np.int64(0), np.float64(0.0)],
    ex.q2: [sgd(learning_rate=0.1), sgd(learning_rate=0.01 / (1 - 0.9)), sgd(learning_rate=0.09)],
    ex.q6: ["c", "(c)", " C."],
}
BAD = {
    ex.q1: ["binary_crossentropy", "categorical_crossentropy", "mse", "mean squared error", "cross-entropy",
            keras.losses.BinaryCrossentropy(), 3, None],
    ex.q5: [compiler(loss="mse"), compiler(metrics=("auc",)), compiler(metrics=("accuracy", "recall")),
            compiler(optimizer="sgd"), compiler(returns=False), lambda model: model,
            compiler(loss=keras.losses.BinaryCrossentropy(from_logits=True)), ignores_its_argument,
            lambda model: "compiled", "compile", None],
    ex.q3: [0.005, 99.5, 0.0, 1.0, 0.98, math.nan, "0.995", 0.99],
    ex.q4: [0.995, 1.0, 0.005, 0.5, None, "0", 0.01],
    ex.q2: [sgd(learning_rate=0.01), sgd(learning_rate=0.2), sgd(learning_rate=0.1, momentum=0.9),
            lambda: keras.optimizers.Adam(0.01), sgd(learning_rate=50.0), lambda: USED_ONCE,
            keras.optimizers.SGD(learning_rate=0.1), lambda: 0.1, None],
    ex.q6: ["a", "b", "d", "surgery", 3, None],
}
SECRETS = {ex.q3: ["0.995"], ex.q4: ["is 0"], ex.q2: ["0.1", "10 times", "ten times"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


@pytest.mark.parametrize("answer", ["binary_crossentropy", "categorical_crossentropy", "mse"])
def test_wrong_loss_is_explained_without_naming_the_right_one(answer):
    assert "sparse" not in ex.q1.judge(answer).message  # junk answers are shown the options; wrong ones never


def test_typical_mistakes_get_specific_feedback():
    assert "one-hot" in ex.q1.judge("categorical_crossentropy").message
    assert "does not fit" in ex.q5.judge(compiler(loss="mse")).message
    assert "'recall'" in ex.q5.judge(compiler(metrics=("auc",))).message
    assert "Adam" in ex.q5.judge(compiler(optimizer="sgd")).message
    assert "returns None: did you forget `return`?" in ex.q5.judge(compiler(returns=False)).message
    logits = compiler(loss=keras.losses.BinaryCrossentropy(from_logits=True))
    assert "from_logits=True" in ex.q5.judge(logits).message
    assert "different model" in ex.q5.judge(ignores_its_argument).message
    assert "not compiled" in ex.q5.judge(lambda model: model).message
    assert "percentage" in ex.q3.judge(99.5).message
    assert "specificity" in ex.q4.judge(1.0).message


def test_matched_sgd_feedback_names_each_mistake():
    assert "do not train alike" in ex.q2.judge(sgd(learning_rate=0.01)).message
    assert "uses momentum" in ex.q2.judge(sgd(learning_rate=0.1, momentum=0.9)).message
    assert "returns Adam, not" in ex.q2.judge(lambda: keras.optimizers.Adam(0.01)).message
    assert "became NaN" in ex.q2.judge(sgd(learning_rate=50.0)).message
    assert "new optimizer inside" in ex.q2.judge(lambda: USED_ONCE).message
    assert "expected a function" in ex.q2.judge(keras.optimizers.SGD(learning_rate=0.1)).message


def test_screening_advice_feedback_is_nuanced_for_every_wrong_option():
    assert "screening finds smaller, earlier lesions" in ex.q6.judge("a").message
    assert "flags even more healthy women" in ex.q6.judge("b").message
    assert "confirmatory test" in ex.q6.judge("d").message
