"""URL converters of the project: ``<id:…>`` for the ids of rows, pages above all."""

from django.urls import register_converter


class RowIdConverter:
    """A row's id: 1 to 18 digits, always within a 64-bit integer column.

    Django's ``int`` takes any number of digits. A page's id is looked up through its link
    to ``wagtailcore.Page``, which Django does not range-check, and SQLite answers a number
    past 64 bits with an ``OverflowError`` (a 500) instead of finding nothing. A longer
    number matches no URL here: a plain 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")
