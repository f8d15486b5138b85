"""course_utils.synthetic: a deterministic, deliberately messy, clearly fake EHR cohort."""

import pandas as pd
import pytest

from course_utils.synthetic import COLUMNS, DIAGNOSES, MMOL_PER_MG_GLUCOSE, make_ehr_cohort


@pytest.fixture(scope="module")
def cohort():
    return make_ehr_cohort(3000, seed=11)


def test_same_seed_gives_identical_frame():
    pd.testing.assert_frame_equal(make_ehr_cohort(300, seed=5), make_ehr_cohort(300, seed=5))


def test_different_seed_gives_different_frame():
    assert not make_ehr_cohort(300, seed=5).equals(make_ehr_cohort(300, seed=6))


def test_columns_size_and_synthetic_note(cohort):
    assert list(cohort.columns) == COLUMNS
    assert 3000 < len(cohort) < 3000 * 1.04
    assert "SYNTHETIC" in cohort.attrs["note"]


def test_identifiers_cannot_belong_to_real_people(cohort):
    unique = cohort.drop_duplicates()
    assert unique["mrn"].str.fullmatch(r"SYN\d{7}").all() and unique["mrn"].is_unique
    assert cohort["zip_code"].str.fullmatch(r"000\d\d").all()
    assert cohort["patient_name"].str.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+").all()


def test_dates_agree_with_age(cohort):
    birth, admission = pd.to_datetime(cohort["date_of_birth"]), pd.to_datetime(cohort["admission_date"])
    years = (admission - birth).dt.days / 365.25
    assert ((years - cohort["age"]).between(-0.01, 1.01)).all()
    assert cohort["age"].between(18, 95).all()


def test_exact_duplicate_rows(cohort):
    duplicated = cohort[cohort.duplicated(keep=False)]
    assert 0.01 * len(cohort) < cohort.duplicated().sum() < 0.04 * len(cohort)
    assert (duplicated.groupby("mrn").size() == 2).all()


def test_missing_completely_at_random(cohort):
    older = cohort["age"] >= 63
    for column, rate in {"cholesterol": 0.10, "bmi": 0.04, "smoking_status": 0.05}.items():
        missing = cohort[column].isna()
        assert abs(missing.mean() - rate) < 0.02, column
        assert abs(missing[older].mean() - missing[~older].mean()) < 0.03, column  # unrelated to age


def test_missing_depends_on_other_columns(cohort):
    hba1c_missing = cohort["hba1c"].isna().groupby(cohort["diagnosis_code"]).mean()
    assert hba1c_missing["E11.9"] < 0.2 and hba1c_missing["K35.80"] > 0.5
    creatinine_missing = cohort["creatinine"].isna().groupby(cohort["age"] < 40).mean()
    assert creatinine_missing[True] > 0.3 and creatinine_missing[False] < 0.1


def test_glucose_unit_mix_up(cohort):
    in_mmol = cohort["glucose_unit"] == "mmol/L"
    assert set(cohort["glucose_unit"]) == {"mg/dL", "mmol/L"} and 0.08 < in_mmol.mean() < 0.16
    assert cohort.loc[in_mmol, "glucose"].max() < 35 < cohort.loc[~in_mmol, "glucose"].min()
    converted = cohort.loc[in_mmol, "glucose"] / MMOL_PER_MG_GLUCOSE
    assert abs(converted.median() / cohort.loc[~in_mmol, "glucose"].median() - 1) < 0.1


def test_entry_error_outliers(cohort):
    assert (cohort["bmi"] > 100).sum() >= 5
    assert (cohort["systolic_bp"] == 0).sum() >= 3
    assert (cohort["creatinine"] > 6).sum() >= 3
    assert cohort["bmi"].median() < 35 and cohort["systolic_bp"].median() > 100


def test_measurements_are_noisy_and_plausible(cohort):
    assert cohort["diastolic_bp"].between(30, 140).all()
    assert cohort["systolic_bp"].nunique() > 60
    assert cohort["hba1c"].dropna().between(4, 16).all()
    assert set(cohort["diagnosis_code"]) == set(DIAGNOSES)


def test_readmission_is_clinically_plausible(cohort):
    assert 0.1 < cohort["readmitted_30d"].mean() < 0.25
    by_diagnosis = cohort.groupby("diagnosis_code")["readmitted_30d"].mean()
    assert by_diagnosis["I50.9"] > 2 * by_diagnosis["K35.80"]
    by_age = cohort.groupby(cohort["age"] >= 75)["readmitted_30d"].mean()
    assert by_age[True] > by_age[False]


@pytest.mark.parametrize("kwargs", [{"n_patients": 5}, {"n_patients": 100.5}, {"duplicate_rate": 1.0},
                                    {"duplicate_rate": -0.1}])
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        make_ehr_cohort(**{"n_patients": 100, **kwargs})


def test_the_datasheet_states_the_shipped_missing_rates():
    from course_utils import data
    from course_utils.paths import DATA_DIR

    sheet = (DATA_DIR / "datasheets" / "ehr_synthetic.md").read_text(encoding="utf-8")
    rates = data.load_frame("ehr_synthetic").isna().mean()
    for column in ("bmi", "cholesterol"):
        assert f"| {column.join('``')} |" in sheet and f"{rates[column]:.1%}".replace("%", " %") in sheet
