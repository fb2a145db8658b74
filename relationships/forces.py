"""Forces abroad: presences (bases, deployments, missions) and exercises.

A *presence* is one country's (or an organisation's) forces or installation
on another country's soil or in its waters, at a point, over a period. An
*exercise series* (BALTOPS) holds dated *editions* (BALTOPS 2024), each with
its leads, participants, hosts and a few points where it took place.

Time works as everywhere else (see the docstring of `models`): a presence
counts on date D when it had started by D (an unknown start counts as long
ago) and its end, the last day in, is D or later, at the dates' precision.
An edition is under way on D between its start and its end; an edition with
no recorded end lasts its start's period (a day, a month or a year).

The models live here rather than in `models.py`, which imports them, so that
Django finds them as this app's models.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Floor
from simple_history.models import HistoricalRecords

from maps.links import map_url

from . import rules
from .models import (
    Agreement,
    Boundary,
    Country,
    Organisation,
    Precision,
    Source,
    check,
    not_ended,
    precision_field,
    valid_on,
)
from .vocabularies import PresenceKind

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


def latitude_field(help_text):
    return models.FloatField(validators=LATITUDE, help_text=help_text)


def longitude_field(help_text):
    return models.FloatField(validators=LONGITUDE, help_text=help_text)


# How far outside the stored (simplified, 1:50m) boundaries a point may lie and
# still count as inside: about 11 km, for coasts, ports and small islands.
HOST_TOLERANCE_DEGREES = 0.1


def outside_country(country, latitude, longitude, tolerance=HOST_TOLERANCE_DEGREES):
    """Whether a point lies outside every stored boundary drawn as `country`, by more than
    `tolerance` degrees. False when the country has no stored boundary (nothing to say)."""
    from shapely.geometry import Point, shape  # needed by the admin's check only

    geometries = Boundary.objects.filter(country=country).values_list("geometry", flat=True)
    point = Point(longitude, latitude)
    distances = [shape(geometry).distance(point) for geometry in geometries]
    return bool(distances) and min(distances) > tolerance


def in_bbox(west, south, east, north, prefix=""):
    """Points inside a box; a box whose west edge is east of its east edge crosses 180°."""
    lat, lon = f"{prefix}latitude", f"{prefix}longitude"
    inside = Q(**{f"{lat}__gte": south, f"{lat}__lte": north})
    if west <= east:
        return inside & Q(**{f"{lon}__gte": west, f"{lon}__lte": east})
    return inside & (Q(**{f"{lon}__gte": west}) | Q(**{f"{lon}__lte": east}))


def coordinates_in_range():
    return Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180)


def operated_by_subquery(country):
    return Presence.operators.through.objects.filter(country=country).values("presence_id")


class PresenceQuerySet(models.QuerySet):
    def valid_on(self, date):
        """Presences that count on `date` (see the module docstring)."""
        return self.filter(valid_on(date, "started_on", "ended_on"))

    # Through a subquery of the operators' table rather than a join: no row is
    # repeated, so no DISTINCT over the whole list (a third of the panel's time
    # with 20,000 presences).
    def involving(self, country):
        """Presences `country` hosts or operates."""
        return self.filter(Q(host=country) | Q(pk__in=operated_by_subquery(country)))

    def hosted_by(self, country):
        return self.filter(host=country)

    def operated_by(self, country):
        """Presences `country` operates."""
        return self.filter(pk__in=operated_by_subquery(country))

    def in_bbox(self, west, south, east, north):
        return self.filter(in_bbox(west, south, east, north))

    def for_api(self):
        """Presences with host, organisation, agreement, operators and sources, as the API
        shows them."""
        return self.select_related("host", "organisation", "agreement").prefetch_related(
            models.Prefetch("operators", Country.objects.only("iso2", "name")), "sources"
        )

    def for_map(self):
        """What a map marker needs: host code and operators' codes only."""
        return self.select_related("host", "organisation").prefetch_related(
            models.Prefetch("operators", Country.objects.only("iso2"))
        )

    def grid_clusters(self, cell):
        """One row per grid cell (`cell` degrees square) and kind: `row`, `col`, `kind`,
        `count`, and the mean `lat` and `lon` of its presences. One query."""
        # Through the ids, so that a presence a join repeats (two operators) counts once.
        return (
            self.model.objects.filter(pk__in=self.order_by().values("pk"))
            .annotate(
                row=Floor((F("latitude") + 90) / cell), col=Floor((F("longitude") + 180) / cell)
            )
            .values("row", "col", "kind")
            .annotate(count=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
            .order_by("row", "col", "kind")
        )


class Presence(models.Model):
    Kind = PresenceKind

    key = models.SlugField(
        max_length=120, unique=True, help_text="Stable key, never changed once published."
    )
    name = models.CharField(max_length=200, help_text="Name of the base, force or mission.")
    kind = models.CharField(
        max_length=30, choices=Kind.choices, help_text="What sort of presence it is."
    )
    host = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="hosted_presences",
        help_text="The country whose soil (or waters) it is on.",
    )
    operators = models.ManyToManyField(
        Country,
        blank=True,
        related_name="presences_abroad",
        help_text="The country or countries operating it (may be empty for an organisation's).",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presences",
        help_text="The organisation whose force or mission it is, if any (a NATO battlegroup).",
    )
    latitude = latitude_field("Latitude of the point, WGS84 decimal degrees (-90 to 90).")
    longitude = longitude_field("Longitude of the point, WGS84 decimal degrees (-180 to 180).")
    location_name = models.CharField(
        max_length=200, blank=True, help_text="The named place the point stands for."
    )
    started_on = models.DateField(
        null=True, blank=True, help_text="When it started; empty when no source gives a date."
    )
    started_on_precision = precision_field("the start date")
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day it was there, if it ended (a month or year: to its end).",
    )
    ended_on_precision = precision_field("the end date")
    personnel = models.PositiveIntegerField(
        null=True, blank=True, help_text="Personnel, only where a source states a figure."
    )
    personnel_as_of = models.DateField(
        null=True, blank=True, help_text="The date the personnel figure refers to."
    )
    personnel_as_of_precision = precision_field("the personnel figure's date")
    units = models.TextField(blank=True, help_text="Units or equipment, as a source states them.")
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presences",
        help_text="The agreement it rests on, where there is one.",
    )
    summary = models.TextField(blank=True, help_text="One or two plain sentences.")
    unverified = models.BooleanField(
        default=False, help_text="Some fact is not confirmed by a cited source; see the note."
    )
    note = models.TextField(blank=True, help_text="Caveats, and what is unconfirmed.")
    sources = models.ManyToManyField(Source, related_name="presences", help_text="Citations.")

    objects = PresenceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[operators, sources])

    class Meta:
        ordering = ["host__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on"))
                | ~Q(ended_on_precision=Precision.DAY),  # a month's end: rules.py checks it
                name="presence_dates_in_order",
                violation_error_message=rules.PRESENCE_ENDED_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=coordinates_in_range(),
                name="presence_coordinates_in_range",
                violation_error_message="The point's coordinates are out of range.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return map_url(focus=self.host.iso2)

    def clean(self):
        check(
            # The operators (many-to-many) are checked by the admin's form.
            rules.presence_dates(
                started_on=self.started_on,
                ended_on=self.ended_on,
                ended_precision=self.ended_on_precision,
            )
            + rules.coordinates(latitude=self.latitude, longitude=self.longitude)
        )


class ExerciseSeries(models.Model):
    key = models.SlugField(max_length=120, unique=True, help_text="Stable key of the series.")
    name = models.CharField(max_length=200, help_text="Name of the recurring exercise.")
    summary = models.TextField(blank=True, help_text="What the series is, in plain words.")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exercise_series",
        help_text="The organisation that runs the series, if any.",
    )
    unverified = models.BooleanField(
        default=False, help_text="Some fact is not confirmed by a cited source; see the note."
    )
    note = models.TextField(blank=True, help_text="Caveats, and what is unconfirmed.")
    sources = models.ManyToManyField(
        Source, related_name="exercise_series", help_text="Citations for the series."
    )

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "exercise series"

    def __str__(self):
        return self.name


def edition_not_over(date):
    """An edition's end is not before `date`; with no recorded end, its start's period
    (a day, a month, a year) is not over."""
    ended = Q(ended_on__isnull=False) & not_ended(date, "ended_on")
    unended = Q(ended_on__isnull=True) & (
        Q(started_on_precision=Precision.DAY, started_on__gte=date)
        | Q(started_on_precision=Precision.MONTH, started_on__gte=date.replace(day=1))
        | Q(started_on_precision=Precision.YEAR, started_on__gte=date.replace(month=1, day=1))
    )
    return ended | unended


class ExerciseEditionQuerySet(models.QuerySet):
    def valid_on(self, date):
        """Editions under way on `date`."""
        return self.filter(started_on__lte=date).filter(edition_not_over(date))

    def ending_from(self, date):
        """Editions not over before `date`."""
        return self.filter(edition_not_over(date))

    def starting_by(self, date):
        """Editions that started by `date`."""
        return self.filter(started_on__lte=date)

    def overlapping(self, start, end):
        """Editions under way on some day from `start` to `end`."""
        return self.ending_from(start).starting_by(end)

    def in_year_to(self, date):
        """Editions under way on some day of the 365 days up to `date`."""
        return self.overlapping(date - datetime.timedelta(days=364), date)

    def involving(self, country):
        """Editions `country` led, joined or hosted."""
        return self.filter(Q(leads=country) | Q(participants=country) | Q(hosts=country)).distinct()

    def hosted_by(self, country):
        return self.filter(hosts=country).distinct()

    def in_bbox(self, west, south, east, north):
        """Editions with a location in the box."""
        return self.filter(in_bbox(west, south, east, north, prefix="locations__")).distinct()

    def for_map(self):
        """What a map marker needs: series, hosts' and leads' codes, locations."""
        countries = Country.objects.only("iso2")
        return self.select_related("series").prefetch_related(
            models.Prefetch("leads", countries),
            models.Prefetch("hosts", countries),
            "locations",
        )

    def for_api(self):
        """Editions with series, countries, organisations, locations and sources (the
        leads, participants and hosts in one query: see `attach_countries`)."""
        clone = self.select_related("series").prefetch_related(
            "organisations",
            models.Prefetch("locations", ExerciseLocation.objects.select_related("country")),
            "sources",
        )
        clone._hints = {**clone._hints, COUNTRIES_IN_ONE_QUERY: True}
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        if not fetched and self._hints.get(COUNTRIES_IN_ONE_QUERY):
            attach_countries([row for row in self._result_cache if isinstance(row, self.model)])


# The three lists of countries an edition names, and the hint (carried by every copy of
# a QuerySet) that has `for_api` editions fetch them together.
COUNTRY_ROLES = ("leads", "participants", "hosts")
COUNTRIES_IN_ONE_QUERY = "edition_countries_in_one_query"


def attach_countries(editions):
    """Set each edition's leads, participants and hosts as if prefetched, from one query
    (a UNION ALL of the three link tables) instead of three prefetches; each country
    has its code and name loaded, the rest deferred, in the countries' usual order."""
    if not editions:
        return
    ids = [edition.pk for edition in editions]
    links = [
        ExerciseEdition._meta.get_field(role)
        .remote_field.through.objects.filter(exerciseedition_id__in=ids)
        .values_list(
            "exerciseedition_id",
            "country_id",
            "country__iso2",
            "country__name",
            models.Value(role, output_field=models.CharField()),
        )
        .order_by()
        for role in COUNTRY_ROLES
    ]
    found = {}
    countries = {}
    for edition_id, country_id, iso2, name, role in links[0].union(*links[1:], all=True):
        if country_id not in countries:
            countries[country_id] = Country.from_db(
                None, ["id", "iso2", "name"], [country_id, iso2, name]
            )
        found.setdefault((edition_id, role), []).append(countries[country_id])
    for edition in editions:
        cache = edition.__dict__.setdefault("_prefetched_objects_cache", {})
        for role in COUNTRY_ROLES:
            manager = getattr(edition, role)
            queryset = manager.get_queryset()
            queryset._result_cache = sorted(
                found.get((edition.pk, role), []), key=lambda c: (c.name, c.pk)
            )
            queryset._prefetch_done = True
            cache[manager.prefetch_cache_name] = queryset


class ExerciseEdition(models.Model):
    series = models.ForeignKey(
        ExerciseSeries,
        on_delete=models.CASCADE,
        related_name="editions",
        help_text="The recurring exercise this is an edition of.",
    )
    key = models.SlugField(
        max_length=120, unique=True, help_text="Stable key, unique across all editions."
    )
    name = models.CharField(max_length=200, help_text="Name of the edition: BALTOPS 24.")
    started_on = models.DateField(help_text="The first day of the exercise.")
    started_on_precision = precision_field("the start date")
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of the exercise (a month or year: to its end); empty: the "
        "start's day, month or year.",
    )
    ended_on_precision = precision_field("the end date")
    leads = models.ManyToManyField(
        Country,
        blank=True,
        related_name="exercises_led",
        help_text="The leading country or countries.",
    )
    participants = models.ManyToManyField(
        Country,
        blank=True,
        related_name="exercises_joined",
        help_text="Participating countries, as the cited source lists them (leads included).",
    )
    hosts = models.ManyToManyField(
        Country,
        blank=True,
        related_name="exercises_hosted",
        help_text="Where on land or in whose waters it took place (empty on the high seas).",
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="exercise_editions",
        help_text="Organisations leading or taking part.",
    )
    personnel = models.PositiveIntegerField(
        null=True, blank=True, help_text="Personnel taking part, where a source states it."
    )
    scale = models.CharField(
        max_length=300, blank=True, help_text="Scale as the source states it: 50 ships."
    )
    summary = models.TextField(
        blank=True, help_text="What this edition did; empty: the series' summary applies."
    )
    unverified = models.BooleanField(
        default=False, help_text="Some fact is not confirmed by a cited source; see the note."
    )
    note = models.TextField(blank=True, help_text="Caveats, and what is unconfirmed.")
    sources = models.ManyToManyField(
        Source, related_name="exercise_editions", help_text="Citations for this edition."
    )

    objects = ExerciseEditionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[leads, participants, hosts, organisations, sources])

    class Meta:
        ordering = ["-started_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on"))
                | ~Q(ended_on_precision=Precision.DAY),  # a month's end: rules.py checks it
                name="exercise_edition_dates_in_order",
                violation_error_message=rules.EDITION_ENDED_BEFORE_START,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check(
            rules.edition_dates(
                started_on=self.started_on,
                ended_on=self.ended_on,
                ended_precision=self.ended_on_precision,
            )
        )


class ExerciseLocation(models.Model):
    """One point where an edition took place."""

    edition = models.ForeignKey(
        ExerciseEdition,
        on_delete=models.CASCADE,
        related_name="locations",
        help_text="The edition.",
    )
    name = models.CharField(max_length=200, help_text="The place: Baltic Sea, off Kiel.")
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The country the point is in; empty at sea.",
    )
    latitude = latitude_field("Latitude, WGS84 decimal degrees (-90 to 90).")
    longitude = longitude_field("Longitude, WGS84 decimal degrees (-180 to 180).")

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=coordinates_in_range(),
                name="exercise_location_coordinates_in_range",
                violation_error_message="The point's coordinates are out of range.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check(rules.coordinates(latitude=self.latitude, longitude=self.longitude))
