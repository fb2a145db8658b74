"""The error answers every operation can give, added to the OpenAPI schema.

drf-spectacular documents the success responses from the views; the errors
come from shared code (the exception handler, throttles, the 503 middleware),
so they are documented here once, for every operation they apply to.
"""

ERROR = {
    "type": "object",
    "description": "An error: `detail` says what went wrong; `errors` names each bad "
    "parameter or field with its message(s).",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
}

WRITES = {"post", "put", "patch", "delete"}


def error(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_errors(result, generator, request, public):
    """Postprocessing hook: 400, 401, 403, 404, 409, 429 and 503 where they can happen;
    reads marked as needing no credentials."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    # DRF's token view refuses blank credentials; say so.
    for name in ("username", "password"):
        schemas.get("AuthToken", {}).get("properties", {}).get(name, {}).setdefault("minLength", 1)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if method not in WRITES and operation.get("security"):
                # Reads are public: no credentials is a valid choice too.
                operation["security"].append({})
            found = {}
            if operation.get("parameters") or operation.get("requestBody"):
                found["400"] = error("A parameter or field is invalid; `errors` names it.")
            if method in WRITES:
                found["401"] = error("No credentials (a token or a session) were given.")
                found["403"] = error("The user lacks the model permission, or CSRF failed.")
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            if "{" in path or "page" in names:
                found["404"] = error("No record with this key, or no such page.")
            if method == "delete":
                found["409"] = error("The record is still in use.")
            found["429"] = error("Too many requests; retry after `Retry-After` seconds.")
            found["503"] = error("The database is unavailable; retry after `Retry-After`.")
            for status, response in found.items():
                responses.setdefault(status, response)
    return result
