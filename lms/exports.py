"""Helpers for files people open in spreadsheets."""


def spreadsheet_safe(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula (CSV injection).

    Cells starting with = + - @ (or a tab or carriage return) get a leading apostrophe.
    """
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
