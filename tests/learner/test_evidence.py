"""evidence.claim: agrees quietly, and a contradicted claim fails in strict mode."""

import pytest

from course_utils import evidence


def test_a_claim_that_holds_prints_the_statement_and_the_evidence(capsys):
    evidence.claim("the network is not better", True, "+0.001 (-0.002 to +0.004)")
    assert capsys.readouterr().out == ("The text says: the network is not better. "
                                       "The evidence agrees: +0.001 (-0.002 to +0.004).\n")


def test_a_contradicted_claim_fails_in_strict_mode(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(evidence.ClaimContradicted, match="needs rewriting"):
        evidence.claim("the rate is 1 in 20", False, "the rate is 0.169")


def test_a_contradicted_claim_is_reported_when_not_strict(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_STRICT", "0")
    evidence.claim("the rate is 1 in 20", False, "the rate is 0.169")
    assert "The evidence contradicts it: the rate is 0.169" in capsys.readouterr().out


@pytest.mark.parametrize("holds", [1, "yes", None])
def test_holds_must_be_a_computed_bool(holds):
    with pytest.raises(TypeError, match="computed True or False"):
        evidence.claim("x", holds, "y")
