"""Request body parsers for the API."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with a 400 for a body nested too deeply to decode.

    Python's decoder recurses once per level of nesting: a body of a hundred
    thousand `[` raised RecursionError, a 500, before any serializer ran.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
