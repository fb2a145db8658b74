"""Optimistic concurrency for API writes: an ETag per record and `If-Match`.

A record's ETag names its latest history entry (django-simple-history writes
one on every save, whoever saves), so it changes with every change to the
record and with nothing else. A detail GET and every write answer carry it;
a PUT, PATCH or DELETE with `If-Match` goes through only while the record is
as the client last saw it, else a 412 says so and writes nothing. The check
and the write run in one transaction with the row locked, so two editors
saving the same version cannot both win.
"""

from django.db import transaction
from django.utils.cache import parse_etags
from django.utils.http import quote_etag
from rest_framework import exceptions, status
from rest_framework.response import Response


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since you read it (If-Match does not match its ETag): "
        "read it again, then apply your change to what it holds now."
    )
    default_code = "precondition_failed"


def record_etag(instance):
    """The ETag of one record: its model, key and latest history entry."""
    latest = (
        instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
        if hasattr(instance, "history")
        else None
    )
    return quote_etag(f"{instance._meta.label_lower}-{instance.pk}-{latest}")


class IfMatchMixin:
    """Detail GETs and writes answer the record's ETag; writes honour If-Match."""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = record_etag(instance)  # one query: its latest history entry
        return response

    def check_if_match(self, instance):
        wanted = self.request.headers.get("If-Match")
        if wanted is None:
            return
        tags = parse_etags(wanted)
        if "*" not in tags and record_etag(instance) not in tags:
            raise PreconditionFailed()

    def _locked_write(self, write, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            type(instance).objects.select_for_update().filter(pk=instance.pk).exists()
            self.check_if_match(instance)
            response = write(request, *args, **kwargs)
        if response.status_code in (200, 201):
            response["ETag"] = record_etag(self.get_object())
        return response

    def update(self, request, *args, **kwargs):
        return self._locked_write(super().update, request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        return self._locked_write(super().destroy, request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        if response.status_code == 201 and getattr(self, "created", None) is not None:
            response["ETag"] = record_etag(self.created)
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.created = serializer.instance
