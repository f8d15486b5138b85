"""Exercises for ``06_training``: batches per epoch, an early-stopping callback, patience, class weights."""

import math

from course_utils.exercises.checks import choice_question, number_question
from course_utils.exercises.core import Incorrect, Question

# Question 1: 341 training patients, batch_size=64.
q1 = number_question(
    "Question 1 (gradient steps per epoch)",
    expected=math.ceil(341 / 64),
    count=True,
    known_mistakes={
        341 // 64: "the last 21 patients form a smaller batch of their own: it is still a step.",
        341 / 64: "a step processes a whole batch, so the count is a whole number.",
        64: "that is the batch size; the question asks how many batches make one epoch.",
        341: "that is one step per patient (batch_size=1).",
    },
    hint="One epoch shows every training patient once, batch_size patients per step. Divide, and "
         "remember that a smaller last batch still counts.",
    solution="answer_steps_per_epoch = math.ceil(341 / 64)   # 6: five full batches and one of 21",
)


MAX_MIN_DELTA = 0.01  # a validation loss near 0.1 rarely improves by more per epoch


def _check_early_stopping(answer):
    import keras

    if not isinstance(answer, keras.callbacks.EarlyStopping):
        raise Incorrect(f"expected a keras.callbacks.EarlyStopping object, got {type(answer).__name__}.")
    if answer.monitor != "val_loss":
        hint = (" The training loss keeps falling while the model overfits, so it never says stop."
                if answer.monitor == "loss" else "")
        raise Incorrect(f"it monitors '{answer.monitor}'; it should watch the validation loss.{hint}")
    if getattr(answer, "mode", "auto") == "max":
        raise Incorrect("mode='max' counts a rising validation loss as progress: a loss should fall, so "
                        "use mode='min' (or leave the default, 'auto').")
    if abs(getattr(answer, "min_delta", 0.0)) > MAX_MIN_DELTA:
        raise Incorrect(f"min_delta={answer.min_delta:g} counts only improvements of at least that much "
                        "loss, more than this model's loss improves from one epoch to the next, so it "
                        "stops as soon as patience runs out. Leave min_delta at 0 (or a tiny value).")
    if answer.patience != 5:
        raise Incorrect(f"its patience is {answer.patience} epochs; the task asks for a different number.")
    if not answer.restore_best_weights:
        raise Incorrect("when it stops, the model keeps the weights of the last epoch, which are "
                        "already past the best one: set restore_best_weights=True.")


q2 = Question(
    "Question 2 (an early-stopping callback)",
    _check_early_stopping,
    hint="keras.callbacks.EarlyStopping(monitor=..., patience=..., restore_best_weights=...)",
    solution='answer_callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, '
             "restore_best_weights=True)",
    points=2,
)


q3 = choice_question(
    "Question 3 (choosing the patience)",
    correct="c",
    explanations={
        "a": "patience=0 stops at the first epoch without a new best, which on a bumpy curve is "
             "usually a random wiggle, long before the real minimum.",
        "b": "patience=1 still stops at the first two-epoch bump, and this curve has bumps of 2-3 epochs.",
        "c": "",
        "d": "patience=1000 with 300 epochs never stops: that is training without early stopping.",
    },
    hint="Patience is how many epochs without a new best validation loss you tolerate. It should "
         "outlast the random bumps but not the real rise.",
    solution="answer_patience_choice = 'c'   # outlasts the 2-3 epoch bumps; restore_best_weights "
             "then returns to the minimum",
)


# Question 4: 341 training patients, 127 malignant, 214 benign; weight = n / (2 * n_class).
q4 = number_question(
    "Question 4 (the malignant class weight)",
    expected=341 / (2 * 127),
    decimals=2,
    known_mistakes={
        127 / 341: "that is the share of malignant patients; the weight grows as a class gets rarer.",
        341 / 127: "close: with two classes the formula divides by 2 * n_malignant.",
        214 / 127: "that ratio makes benign weigh 1; the 'balanced' formula is n / (2 * n_malignant).",
        341 / (2 * 214): "that is the benign weight: use the number of malignant patients.",
    },
    hint="'balanced' weights: weight_c = n_patients / (n_classes * n_patients_in_c).",
    solution="answer_malignant_weight = 341 / (2 * 127)",
)
