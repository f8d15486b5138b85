"""Cleaning helpers for messy clinical tables: unit harmonisation and plausibility checks.

Introduced in ``03_preparing_data.ipynb`` on the SYNTHETIC EHR cohort (``ehr_synthetic``).
"""

import numpy as np
import pandas as pd

# Glucose: 1 mmol/L = 18.016 mg/dL (the molar mass of glucose, 180.16 g/mol, divided by 10).
MG_PER_MMOL_GLUCOSE = 18.016
GLUCOSE_FACTORS = {"mg/dl": 1.0, "mmol/l": MG_PER_MMOL_GLUCOSE}

# Values outside these ranges are flagged for review, not deleted: most are data-entry errors, but a
# creatinine above 15 mg/dL does occur in end-stage kidney disease (03_preparing_data says so).
PLAUSIBLE_RANGES = {
    "bmi": (10.0, 90.0),            # kg/m^2
    "systolic_bp": (50.0, 260.0),   # mmHg
    "diastolic_bp": (20.0, 160.0),  # mmHg
    "creatinine": (0.1, 15.0),      # mg/dL
}

# Columns that identify a person; they never go into a model.
IDENTIFIERS = ["patient_name", "mrn", "date_of_birth", "zip_code"]


def glucose_to_mg_dl(glucose, unit) -> pd.Series:
    """Glucose values converted to mg/dL, whatever unit each was recorded in.

    Args:
        glucose: glucose values (NaN stays NaN).
        unit: the unit of each value, ``"mg/dL"`` or ``"mmol/L"`` (case and spaces ignored).

    Returns:
        A float Series in mg/dL, indexed like ``glucose``.

    Raises:
        ValueError: a unit is neither mg/dL nor mmol/L, or the two inputs differ in length.
    """
    values = pd.Series(glucose, dtype=float)
    units = pd.Series(unit, index=values.index if np.ndim(unit) == 0 else None, dtype="object")
    if len(units) != len(values):
        raise ValueError(f"got {len(values)} glucose values but {len(units)} units: pass one unit per value.")
    normalised = units.astype(str).str.strip().str.lower()
    unknown = sorted(set(units[~normalised.isin(list(GLUCOSE_FACTORS))].astype(str)))
    if unknown:
        raise ValueError(f"unknown glucose unit(s) {unknown[:5]}: expected 'mg/dL' or 'mmol/L'. "
                         "Fix or drop those rows first.")
    return pd.Series(values.to_numpy() * normalised.map(GLUCOSE_FACTORS).to_numpy(), index=values.index)


def implausible(frame: pd.DataFrame, ranges: dict = PLAUSIBLE_RANGES) -> pd.DataFrame:
    """Where a value lies outside its plausible range (missing values are not implausible).

    Args:
        frame: the table; only the columns named in ``ranges`` that it holds are checked.
        ranges: column -> ``(lowest, highest)`` plausible value.

    Returns:
        A boolean DataFrame with one column per checked column.
    """
    checked = [column for column in ranges if column in frame.columns]
    if not checked:
        raise ValueError(f"none of the columns {list(ranges)} is in the table; nothing to check.")
    return pd.DataFrame({column: frame[column].notna() & ~frame[column].between(*ranges[column])
                         for column in checked}, index=frame.index)


def blank_implausible(frame: pd.DataFrame, ranges: dict = PLAUSIBLE_RANGES) -> pd.DataFrame:
    """A copy of ``frame`` with implausible values replaced by NaN (to be imputed like any gap)."""
    cleaned = frame.copy()
    mask = implausible(frame, ranges)
    for column in mask.columns:
        cleaned.loc[mask[column], column] = np.nan
    return cleaned
