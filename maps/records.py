"""A page for every record: agreements, organisations and countries, linkable and citable.

Server-rendered from the same QuerySet bundles as the API (`for_api()`), so
each page has a fixed number of queries; the text is Django's, escaped.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode

from relationships.models import Agreement, AgreementParty, Country, Membership, Organisation

from .citations import citation


def last_change(record):
    """(when, who) of the record's latest saved version, from its history."""
    latest = record.history.order_by("-history_date").select_related("history_user").first()
    if latest is None:
        return None, None
    user = latest.history_user
    return latest.history_date, (user.get_full_name() or user.get_username()) if user else None


def map_link(**state):
    return "/?" + urlencode({key: value for key, value in state.items() if value})


def record_context(request, record, *, key, title, description):
    changed_at, changed_by = last_change(record)
    return {
        "record": record,
        "title": title,
        "description": description,
        "changed_at": changed_at,
        "changed_by": changed_by,
        "cite": citation(
            key=key,
            title=title,
            url=request.build_absolute_uri(),
            changed_on=changed_at.date() if changed_at else None,
            accessed_on=timezone.localdate(),
        ),
    }


def summary_or(record, fallback):
    text = " ".join((record.summary or "").split())
    return (text[:157] + "…") if len(text) > 160 else (text or fallback)


def agreement_page(request, key):
    """One agreement: every field, its parties with their dates, its sources."""
    parties = AgreementParty.objects.select_related("country").order_by("pk")
    agreement = get_object_or_404(
        Agreement.objects.select_related("organisation").prefetch_related(
            "domains", "sources", Prefetch("parties", parties)
        ),
        key=key,
    )
    codes = [party.country.iso2 for party in agreement.parties.all()]
    name = agreement.short_title or agreement.title
    context = record_context(
        request,
        agreement,
        key=agreement.key,
        title=name,
        description=summary_or(
            agreement, f"{agreement.get_kind_display()} between {len(codes)} parties."
        ),
    )
    context["map_url"] = map_link(
        focus=codes[0] if codes else "", country=codes[1] if len(codes) > 1 else ""
    )
    return render(request, "maps/record_agreement.html", context)


def organisation_page(request, slug):
    """One organisation: its members over time with their roles and dates, its sources."""
    members = Membership.objects.select_related("country").prefetch_related("sources")
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related(
            "sources", Prefetch("memberships", members.order_by("joined_on", "country__name"))
        ),
        slug=slug,
    )
    name = organisation.short_name or organisation.name
    context = record_context(
        request,
        organisation,
        key=organisation.slug,
        title=organisation.name,
        description=summary_or(organisation, f"{name}: members and their dates."),
    )
    context["agreements"] = organisation.agreements.order_by("signed_on", "title")
    context["map_url"] = map_link(org=organisation.slug)
    return render(request, "maps/record_organisation.html", context)


def country_page(request, iso2):
    """One country: its memberships and the agreements it is a party to."""
    code = str(iso2)
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise Http404("No such country code.")
    country = get_object_or_404(Country.objects.select_related("sovereign"), iso2=code.upper())
    memberships = (
        Membership.objects.filter(country=country)
        .select_related("organisation")
        .order_by("organisation__name", "joined_on")
    )
    agreements = (
        Agreement.objects.filter(parties__country=country)
        .distinct()
        .order_by("-signed_on", "title")
        .only("key", "title", "short_title", "kind", "status", "signed_on", "signed_on_precision")
    )
    context = {
        "record": country,
        "title": country.name,
        "description": f"{country.name}: its defence and security agreements and memberships, "
        "each dated and cited.",
        "memberships": memberships,
        "agreements": agreements,
        "changed_at": None,
        "map_url": map_link(focus=country.iso2),
        "cite": citation(
            key=f"country-{country.iso2.lower()}",
            title=f"{country.name}: defence and security relationships",
            url=request.build_absolute_uri(),
            changed_on=None,
            accessed_on=timezone.localdate(),
        ),
    }
    return render(request, "maps/record_country.html", context)
