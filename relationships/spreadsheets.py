"""Cells a spreadsheet shows as text, never runs: one rule for every file we write.

A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) is run
as a formula by Excel, LibreOffice and Google Sheets (CSV injection). The
API's CSV export and the admin's CSV/XLSX export both pass their cells through
`neutralise`; the admin's import takes the quote off again with
`unneutralise`, so an exported file imports back unchanged.
"""

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet shows as text: a leading formula character gets a quote."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(value):
    """The text that `neutralise` protected, quote taken off (for files imported back)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
