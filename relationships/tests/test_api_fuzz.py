"""Property-based tests generated from our own OpenAPI schema (schemathesis).

Every operation is called with generated parameters and bodies, as anonymous
and as a superuser with a token, through the WSGI app in-process; no response
may be a 5xx or break the schema. The suite keeps the run small
(FUZZ_MAX_EXAMPLES, default 8 per operation); `make fuzz` runs a longer one.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from config.wsgi import application

# Left out: "schema-valid data was rejected" and "invalid data was accepted". The first
# flags business rules a schema cannot state (a source id that must exist, two different
# parties, a wrong password); the second flags deliberate leniency (`active_on=` empty
# means no filter). Everything else runs: no 5xx, documented status codes, content
# types, headers, and every body matching its schema.
LENIENT = [positive_data_acceptance, negative_data_rejection]
# The WSGI client does not decompress: ask for the API's JSON uncompressed.
PLAIN = {"Accept-Encoding": "identity"}
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "8"))


@pytest.fixture
def superuser_token(world, django_user_model):
    user = django_user_model.objects.create_superuser("fuzz", password="a long fuzz password")
    return Token.objects.create(user=user).key


@pytest.fixture
def editor_token(world, editor):
    """A member of the `editors` group: model permissions, not a superuser."""
    return Token.objects.create(user=editor).key


# The schema is generated without the database, so it can be read at collection.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly, whose request_finished signal would
    close the test's database connection (Django's test client disconnects it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") is None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_no_anonymous_request_gets_a_5xx_or_breaks_the_schema(case, world):
    case.call_and_validate(headers=PLAIN, excluded_checks=LENIENT)


@pytest.mark.django_db
@schema.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@FUZZ_SETTINGS
def test_no_editor_write_gets_a_5xx_or_breaks_the_schema(case, superuser_token):
    case.call_and_validate(
        headers={**PLAIN, "Authorization": f"Token {superuser_token}"}, excluded_checks=LENIENT
    )


@pytest.mark.django_db
@schema.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@FUZZ_SETTINGS
def test_no_write_by_a_member_of_the_editors_group_gets_a_5xx_or_breaks_the_schema(
    case, editor_token
):
    case.call_and_validate(
        headers={**PLAIN, "Authorization": f"Token {editor_token}"}, excluded_checks=LENIENT
    )
