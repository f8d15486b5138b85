"""Exercises for ``09_survival``: censoring, the C-index, risk sets, Kaplan-Meier and the Cox loss."""

import math

import numpy as np

from course_utils.exercises import calls
from course_utils.exercises.checks import choice_question, expect_function, number_question
from course_utils.exercises.core import Incorrect, Question

q1 = choice_question(
    "Question 1 (censoring)",
    correct="b",
    explanations={
        "a": "an event at day 1,200 would be recorded with event = 1; event = 0 means it was not seen.",
        "b": "",
        "c": "we do not know that: after day 1,200 she was no longer followed, so a later event "
             "would not be in the data.",
        "d": "dropping censored patients throws away real information (she was event-free for "
             "1,200 days) and biases survival downwards.",
    },
    hint="event = 0 means the study stopped watching before anything happened. What do we know, "
         "and what do we not know?",
    solution="answer_censoring = 'b'  # event-free up to day 1,200; what happened later is unknown",
)


q3 = number_question(
    "Question 3 (C-index by hand)",
    expected=0.75,
    decimals=2,
    known_mistakes={
        5 / 6: "you compared every pair; a pair is comparable only when the patient with the "
               "shorter time had the event (a censored patient may have the event later).",
        0.25: "you counted the discordant pairs: a higher risk should go with the earlier event.",
        2 / 3: "the pair with patients 1 and 2 is comparable: patient 1 had the event first.",
    },
    hint="List the pairs (i, j) where patient i had the event (event = 1) and t_i < t_j. Among "
         "them, count those where risk_i > risk_j, then divide by the number of pairs.",
    solution="# comparable pairs: (1,2), (1,3), (1,4) and (3,4); concordant: the three with patient 1\n"
             "answer_tiny_c_index = 3 / 4",
)


def _reference_risk_set(time):
    time = np.asarray(time, dtype=float)
    return time[None, :] >= time[:, None]


_RISK_SET_CASES = [
    ([5.0, 2.0, 9.0],),
    ([3.0, 3.0, 1.0, 7.0],),  # a tie: both patients at 3 are in each other's risk set
    ([4.0],),
]


def _check_risk_set(answer):
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for (time,) in _RISK_SET_CASES[:1]:
        result = np.asarray(calls.call(answer, np.array(time), name="risk_set"))
        if result.shape == (len(time), len(time)) and np.array_equal(result, _reference_risk_set(time).T):
            raise Incorrect("your matrix is transposed: row i should say who is at risk at "
                            "patient i's time.")
    expect_function(answer, [((np.array(time),), _reference_risk_set(time)) for (time,) in _RISK_SET_CASES],
                    name="risk_set")


q4 = Question(
    "Question 4 (risk set)",
    _check_risk_set,
    hint="Patient j is at risk at patient i's time when t_j >= t_i (ties included). Broadcasting "
         "time[None, :] against time[:, None] builds the whole matrix at once.",
    solution="def risk_set(time):\n    time = np.asarray(time, dtype=float)\n"
             "    return time[None, :] >= time[:, None]",
    points=2,
)


def _reference_kaplan_meier(time, event):
    time, event = np.asarray(time, dtype=float), np.asarray(event).astype(bool)
    event_times = np.unique(time[event])
    factors = [1 - np.sum(event & (time == t)) / np.sum(time >= t) for t in event_times]
    return np.cumprod(factors)


_KM_CASES = [
    ([1.0, 2.0, 3.0, 4.0], [1, 1, 1, 1]),
    ([3.0, 1.0, 5.0, 2.0, 5.0, 7.0], [1, 0, 1, 1, 0, 0]),  # censored patients leave the risk set
    ([2.0, 2.0, 4.0, 2.0, 6.0, 4.0], [1, 1, 0, 0, 1, 1]),  # tied events and censoring at an event time
]


def _check_kaplan_meier(answer):
    cases = [((np.array(t), np.array(e)), _reference_kaplan_meier(t, e)) for t, e in _KM_CASES]
    expect_function(answer, cases, name="kaplan_meier")


q2 = Question(
    "Question 2 (Kaplan-Meier)",
    _check_kaplan_meier,
    hint="At each distinct event time t: d = events at t, n = patients with time >= t (censored at "
         "t still count). Multiply the factors (1 - d / n) in time order (np.cumprod).",
    solution="def kaplan_meier(time, event):\n"
             "    time, event = np.asarray(time, dtype=float), np.asarray(event).astype(bool)\n"
             "    event_times = np.unique(time[event])\n"
             "    factors = [1 - np.sum(event & (time == t)) / np.sum(time >= t) for t in event_times]\n"
             "    return np.cumprod(factors)",
    points=2,
)


q5 = number_question(
    "Question 5 (Cox loss of an uninformative model)",
    expected=math.log(6) / 2,
    decimals=3,
    known_mistakes={
        math.log(3): "the risk set shrinks: at day 2 only two patients are still at risk.",
        math.log(6): "the loss is averaged over the events, not summed.",
        math.log(6) / 3: "the third patient is censored: she adds no term of her own, she only sits "
                         "in the risk sets of earlier events.",
    },
    hint="With h = 0 for everyone, each event contributes log(number still at risk). Which patients "
         "are at risk at day 1 and at day 2? Average over the 2 events.",
    solution="# events at day 1 (3 at risk) and day 2 (2 at risk);\n"
             "# the patient censored at day 3 adds no term of her own\n"
             "answer_flat_loss = (np.log(3) + np.log(2)) / 2",
)
