"""tests/machine.py: a missing requirement skips locally and fails in CI; waits grow with the load."""

from __future__ import annotations

import pytest

import machine


@pytest.mark.parametrize("ci_value", ["true", "1", "TRUE"])
def test_a_missing_requirement_fails_in_ci(monkeypatch, ci_value):
    monkeypatch.setenv("CI", ci_value)
    with pytest.raises(pytest.fail.Exception, match="chromium is not installed .required in CI."):
        machine.require(False, "chromium is not installed")


@pytest.mark.parametrize("ci_value", [None, "", "false", "0"])
def test_a_missing_requirement_skips_elsewhere_and_a_present_one_does_nothing(monkeypatch, ci_value):
    if ci_value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci_value)
    with pytest.raises(pytest.skip.Exception, match="realdata is absent"):
        machine.require(False, "realdata is absent")
    machine.require(True, "never said")


def test_waits_scale_with_the_load_per_core(monkeypatch):
    monkeypatch.delenv("ABP_WAIT_SCALE", raising=False)
    monkeypatch.setattr(machine.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(machine.os, "getloadavg", lambda: (4.0, 0.0, 0.0))
    assert machine._scale() == 3.0  # 2 jobs per core: three times the idle wait
    monkeypatch.setattr(machine.os, "getloadavg", lambda: (40.0, 0.0, 0.0))
    assert machine._scale() == 6.0  # capped
    monkeypatch.setenv("ABP_WAIT_SCALE", "2.5")
    assert machine._scale() == 2.5
