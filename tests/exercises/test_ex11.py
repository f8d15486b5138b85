"""Every ex11 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np

from course_utils.exercises import ex11 as ex
from course_utils.privacy import RESTRICTED_ZIP3
from tests.exercises.exercise_cases import ExerciseContract


def safe_harbor_zip(zip_code):
    prefix = f"{int(zip_code):05d}"[:3]
    return "000" if prefix in RESTRICTED_ZIP3 else prefix


def safe_harbor_age(age):
    return "90+" if age > 89 else str(int(age))


def clip_to_norm(gradient, l2_norm_clip):
    norm = np.linalg.norm(gradient)
    return gradient * min(1.0, l2_norm_clip / norm) if norm > 0 else gradient


def clip_in_place(gradient, l2_norm_clip):
    norm = np.linalg.norm(gradient)
    if norm > l2_norm_clip:
        gradient *= l2_norm_clip / norm  # changes the caller's array: the checker's inputs must not change
    return gradient


def zip_with_zfill(zip_code):
    prefix = str(zip_code).zfill(5)[:3]
    return "000" if prefix in RESTRICTED_ZIP3 else prefix


def poisson_batch(n_patients, sample_rate, seed):
    rng = np.random.default_rng(seed)
    return np.flatnonzero(rng.random(n_patients) < sample_rate)


def poisson_by_binomial_size(n_patients, sample_rate, seed):  # the same distribution, drawn another way
    rng = np.random.default_rng(seed)
    return rng.choice(n_patients, rng.binomial(n_patients, sample_rate), replace=False).tolist()


def fixed_size_batch(n_patients, sample_rate, seed):
    return np.random.default_rng(seed).choice(n_patients, int(n_patients * sample_rate), replace=False)


def with_replacement(n_patients, sample_rate, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, n_patients, rng.binomial(n_patients, sample_rate))


def unseeded(n_patients, sample_rate, seed):
    return np.flatnonzero(np.random.default_rng(0).random(n_patients) < sample_rate)


def first_half_only(n_patients, sample_rate, seed):
    rng = np.random.default_rng(seed)
    first_half = np.arange(n_patients) < n_patients / 2
    return np.flatnonzero(rng.random(n_patients) < np.where(first_half, 2 * sample_rate, 0))


GOOD = {
    ex.q1: [["patient_name", "mrn"], ("mrn", "patient_name"), {"patient_name", "mrn"},
            [" mrn ", "patient_name"]],
    ex.q2: [safe_harbor_zip, zip_with_zfill],
    ex.q3: [safe_harbor_age, lambda age: "90+" if age >= 90 else f"{age}"],
    ex.q4: [2, "2", np.int64(2), 2.0],
    ex.q5: [clip_to_norm, clip_in_place, lambda g, c: g * min(1.0, c / max(np.linalg.norm(g), 1e-12))],
    ex.q6: [poisson_batch, poisson_by_binomial_size],
}

BAD = {
    ex.q1: [["patient_name"], ["patient_name", "mrn", "zip_code"], ["patient_name", "mrn", "date_of_birth"],
            ["patient_name", "mrn", "bmi"], ["name"], "patient_name, mrn", None],
    ex.q2: [lambda z: str(z)[:3], lambda z: f"{int(z):05d}"[:3], lambda z: int(str(z)[:3]), "021", None],
    ex.q3: [lambda a: "90+" if a >= 89 else str(a), lambda a: 90 if a > 89 else a,
            lambda a: "90+" if a > 90 else str(a), lambda a: ">89" if a > 89 else str(a), 90],
    ex.q4: [4, 3, 9, 1, "two", None, float("nan")],
    ex.q5: [lambda g, c: np.clip(g, -c, c), lambda g, c: g * c / np.linalg.norm(g),
            lambda g, c: g * min(1.0, c / np.abs(g).max()) if np.abs(g).max() > 0 else g,
            lambda g, c: g / np.linalg.norm(g), lambda g, c: None, "clip"],
    ex.q6: [fixed_size_batch, with_replacement, unseeded, first_half_only,
            lambda n, q, seed: np.flatnonzero(np.random.default_rng(seed).random(n) > q),  # rate 1 - q
            lambda n, q, seed: np.random.default_rng(seed).random(n) < q,  # a mask, not indices
            lambda n, q, seed: np.flatnonzero(np.random.default_rng(seed).random(n) < q) + 1, None, "batch"],
}

SECRETS = {ex.q1: ["['patient_name', 'mrn']", "['mrn', 'patient_name']"], ex.q4: ["k = 2", "is 2"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


def test_specific_messages():
    assert "leading zero" in ex.q2.judge(lambda z: str(z)[:3]).message
    assert "000" in ex.q2.judge(lambda z: f"{int(z):05d}"[:3]).message
    assert "89 is not over 89" in ex.q3.judge(lambda a: "90+" if a >= 89 else str(a)).message
    assert "smallest" in ex.q4.judge(4).message
    assert "generalized" in ex.q1.judge(["patient_name", "mrn", "zip_code"]).message
    assert "same size" in ex.q6.judge(fixed_size_batch).message
    assert "twice" in ex.q6.judge(with_replacement).message
    assert "different seeds" in ex.q6.judge(unseeded).message
