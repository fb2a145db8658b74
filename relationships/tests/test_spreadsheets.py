"""The formula guard shared by the API's CSV export and the admin's import and export."""

import pytest

from relationships.spreadsheets import neutralise, unneutralise


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_and_loses_it_on_import(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("value", ["Treaty of Dunkirk", "'quoted already", "", 5])
def test_other_cells_pass_through_both_ways(value):
    assert neutralise(value) == str(value)
    assert unneutralise(value) == value


def test_an_empty_cell_is_written_as_nothing():
    assert neutralise(None) == ""
