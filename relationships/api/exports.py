"""Exports for researchers: agreements and memberships as CSV, a focus country's
ties as CSV (one row per partner), GeoJSON or GeoPackage.

All are ordinary DRF renderers, so the same view answers JSON, `?format=csv`
and `.csv` (or `?format=geojson`, `.geojson`, `.gpkg`) with the same filters.
"""

import csv
import io
import operator
from collections import defaultdict

from rest_framework.renderers import BaseRenderer, JSONRenderer

from .. import public_fields
from ..cache import cached
from ..models import Agreement, AgreementParty, Boundary, Membership
from ..spreadsheets import neutralise
from ..ties import TIER_LABELS

AGREEMENT_COLUMNS = public_fields.AGREEMENT_CSV_COLUMNS
PRESENCE_COLUMNS = public_fields.PRESENCE_CSV_COLUMNS
EDITION_COLUMNS = public_fields.EDITION_CSV_COLUMNS


# The CSV cells that are more than the agreement's own column: each joins the
# values of a related table with `;` (see `agreement_rows`).
JOINED = ["domains", "parties", "sources", "source_titles", "source_publishers"]


def joined_values(agreements):
    """{agreement id: {column: [values]}} for the `JOINED` columns, in three queries.

    Flat values rather than model instances: the largest export (every
    agreement at the synthetic scale) builds no related objects at all.
    """
    ids = agreements.values("pk")
    found = defaultdict(lambda: defaultdict(list))
    through = Agreement.domains.through.objects.filter(agreement_id__in=ids)
    for agreement_id, slug in through.order_by("domain__name").values_list(
        "agreement_id", "domain__slug"
    ):
        found[agreement_id]["domains"].append(slug)
    # A state party by its ISO code, an organisation party as `org:<slug>`.
    parties = AgreementParty.objects.filter(agreement_id__in=ids)
    for agreement_id, iso2, slug in parties.values_list(
        "agreement_id", "country__iso2", "organisation__slug"
    ):
        found[agreement_id]["parties"].append(iso2 or f"org:{slug}")
    for row in found.values():
        row["parties"].sort()
    through = Agreement.sources.through.objects.filter(agreement_id__in=ids)
    for agreement_id, url, title, publisher in through.order_by(
        "source__publisher", "source__title"
    ).values_list("agreement_id", "source__url", "source__title", "source__publisher"):
        row = found[agreement_id]
        row["sources"].append(url)
        row["source_titles"].append(title)
        row["source_publishers"].append(publisher)
    return found


def agreement_rows(agreements):
    """One flat row per agreement (`AGREEMENT_COLUMNS`), in the QuerySet's order; several
    values are joined with `;`. Runs four queries, whatever the number of rows."""
    own = [column for column in AGREEMENT_COLUMNS if column not in JOINED]
    fields = ["organisation__slug" if column == "organisation" else column for column in own]
    joined = joined_values(agreements)
    for values in agreements.prefetch_related(None).values_list(*fields):
        row = dict(zip(own, values, strict=True))
        row["organisation"] = row["organisation"] or ""
        related = joined[row["id"]]
        for column in JOINED:
            row[column] = ";".join(related[column])
        yield row


MEMBERSHIP_COLUMNS = public_fields.MEMBERSHIP_CSV_COLUMNS
# The membership's columns read through a relation.
MEMBERSHIP_VALUES = {"organisation": "organisation__slug", "country": "country__iso2"}


def membership_rows(memberships):
    """One flat row per membership (`MEMBERSHIP_COLUMNS`), in the QuerySet's order, from
    flat values in two queries (the memberships, their sources' URLs)."""
    own = [column for column in MEMBERSHIP_COLUMNS if column != "sources"]
    sources = defaultdict(list)
    through = Membership.sources.through.objects.filter(
        membership_id__in=memberships.values("pk")
    ).order_by("source__publisher", "source__title")
    for membership_id, url in through.values_list("membership_id", "source__url"):
        sources[membership_id].append(url)
    fields = [MEMBERSHIP_VALUES.get(column, column) for column in own]
    for values in memberships.prefetch_related(None).values_list(*fields):
        row = dict(zip(own, values, strict=True))
        row["sources"] = ";".join(sources[row["id"]])
        yield row


# A focus country's relationships as CSV: one row per partner, strongest first.
RELATIONSHIP_COLUMNS = [
    "focus",
    "as_of",
    "partner",
    "partner_name",
    "tier",
    "tier_label",
    "score",
    "verified",
    "agreements",
    "organisations",
]


def relationship_rows(focus, relationships, date):
    """One row per partner (`RELATIONSHIP_COLUMNS`): its tier and score, and the keys of
    the agreements and slugs of the organisations that tie it, joined with `;`.
    `verified` is false when every tie is unverified (the tier then rests on them)."""
    for relationship in relationships:
        yield {
            "focus": focus.iso2,
            "as_of": date.isoformat(),
            "partner": relationship.country.iso2,
            "partner_name": relationship.country.name,
            "tier": relationship.tier,
            "tier_label": TIER_LABELS[relationship.tier],
            "score": relationship.score,
            "verified": relationship.verified,
            "agreements": ";".join(tie.agreement.key for tie in relationship.agreements),
            "organisations": ";".join(tie.organisation.slug for tie in relationship.organisations),
        }


class ExportRenderer(BaseRenderer):
    """A renderer that answers a file rather than the API's JSON.

    A view lists its exports in `export_renderers`; from there the schema
    documents each (`schema.export_formats`), the cache keeps its bodies like
    JSON's (`caching`), and an error is answered in JSON rather than as a
    broken file (`errors`).
    """


class CSVRenderer(ExportRenderer):
    """Rows (a list of dicts) as CSV with a header; columns from the view's `csv_columns`."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        columns = getattr(view, "csv_columns", None) or (list(data[0]) if data else [])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        # One object (OPTIONS' metadata on an action with a CSV export) is one row, not a 500.
        for row in data if isinstance(data, list) else [data]:
            writer.writerow([neutralise(row.get(column)) for column in columns])
        return buffer.getvalue().encode(self.charset)


class GeoJSONRenderer(ExportRenderer, JSONRenderer):
    """A GeoJSON document (RFC 7946), served as application/geo+json."""

    media_type = "application/geo+json"
    format = "geojson"


class GeoPackageRenderer(ExportRenderer):
    """A GeoJSON FeatureCollection written as a GeoPackage layer `relationships` (for QGIS)."""

    media_type = "application/geopackage+sqlite3"
    format = "gpkg"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Writing the file costs seconds at scale: once per data version for a
        # view that names its answer (`Response.export_key`, see the relationships view).
        response = (renderer_context or {}).get("response")
        key = getattr(response, "export_key", None)
        if key and getattr(response, "status_code", 200) == 200:
            return cached(f"gpkg:{key}", lambda: self.write(data))
        return self.write(data)

    @staticmethod
    def write(data):
        import geopandas  # heavy, and needed by this export only

        features = data["features"]
        if features:
            frame = geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")
        else:
            frame = geopandas.GeoDataFrame({"key": []}, geometry=[], crs="EPSG:4326")
        buffer = io.BytesIO()
        frame.to_file(buffer, driver="GPKG", layer="relationships")
        return buffer.getvalue()


def relationship_features(focus, relationships, date):
    """A FeatureCollection of every stored boundary with its tie to `focus`.

    One feature per boundary; `iso2` is the state it is drawn as (a territory
    takes its sovereign's code), `tier` and `score` its relationship with the
    focus on `date` (null and 0 when untied; `is_focus` marks the focus), `verified`
    false when every tie is unverified (null when untied).
    """
    by_iso2 = {r.country.iso2: r for r in relationships}
    features = []
    for key, name, iso2, geometry in Boundary.objects.values_list(
        "key", "name", "country__iso2", "geometry"
    ).order_by("key"):
        relationship = by_iso2.get(iso2)
        tier = relationship.tier if relationship else None
        features.append(
            {
                "type": "Feature",
                "id": key,
                "geometry": geometry,
                "properties": {
                    "key": key,
                    "name": name,
                    "iso2": iso2 or "",
                    "focus": focus.iso2,
                    "as_of": date.isoformat(),
                    "is_focus": iso2 == focus.iso2,
                    "tier": tier,
                    "tier_label": TIER_LABELS.get(tier, ""),
                    "score": relationship.score if relationship else 0,
                    # False when every tie is unverified; null when untied.
                    "verified": relationship.verified if relationship else None,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def codes(countries):
    return ";".join(sorted(country.iso2 for country in countries.all()))


def urls(sources):
    return ";".join(source.url for source in sources.all())


# The CSV cells of a presence and an edition that are more than an attribute.
PRESENCE_CELLS = {
    "kind_label": lambda p: p.get_kind_display(),
    "host": lambda p: p.host.iso2,
    "operators": lambda p: codes(p.operators),
    "organisation": lambda p: p.organisation.slug if p.organisation else "",
    "agreement": lambda p: p.agreement.key if p.agreement else "",
    "sources": lambda p: urls(p.sources),
}
EDITION_CELLS = {
    "series": lambda e: e.series.key,
    "leads": lambda e: codes(e.leads),
    "participants": lambda e: codes(e.participants),
    "hosts": lambda e: codes(e.hosts),
    "organisations": lambda e: ";".join(sorted(o.slug for o in e.organisations.all())),
    "locations": lambda e: ";".join(
        f"{loc.name} ({loc.latitude},{loc.longitude})" for loc in e.locations.all()
    ),
    "summary": lambda e: e.summary or e.series.summary,
    "sources": lambda e: urls(e.sources),
}


def rows(records, columns, cells):
    """One flat row per record; several values joined with `;`. Expects the relations the
    cells read to be prefetched (`for_api()`), so an export runs a fixed number of queries."""
    getters = [(column, cells.get(column, operator.attrgetter(column))) for column in columns]
    for record in records:
        yield {column: get(record) for column, get in getters}


def point(longitude, latitude, properties, id=None):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(longitude, 4), round(latitude, 4)]},
        "properties": properties,
    }
    if id is not None:
        feature["id"] = id
    return feature


# Above this many presences in the requested view the GeoJSON answers grid
# clusters instead of points, so the payload stays bounded however dense the
# data (20,000 synthetic presences: see `make bench`).
CLUSTER_THRESHOLD = 300
# A cluster cell's side at zoom 0, in degrees; it halves with each zoom level.
CELL_AT_ZOOM_0 = 45.0
# Never more than this many cells across the view (or half as many down it),
# whatever zoom a client sends: the bound on the payload.
MAX_COLUMNS = 48


def cell_size(zoom, bbox):
    """The side of a cluster cell in degrees, for a zoom level and a view."""
    west, south, east, north = bbox or (-180, -90, 180, 90)
    width = east - west if west <= east else 360 - (west - east)
    return max(CELL_AT_ZOOM_0 / 2**zoom, width / MAX_COLUMNS, (north - south) * 2 / MAX_COLUMNS)


def presence_features(presences, zoom, bbox, date):
    """A FeatureCollection of presences: points, or grid clusters when the view holds more
    than CLUSTER_THRESHOLD. Two or three queries either way."""
    count = presences.count()
    if count <= CLUSTER_THRESHOLD:
        features = [
            point(
                p.longitude,
                p.latitude,
                {
                    "key": p.key,
                    "name": p.name,
                    "kind": p.kind,
                    "host": p.host.iso2,
                    "operators": sorted(c.iso2 for c in p.operators.all()),
                    "organisation": p.organisation.slug if p.organisation else None,
                    "unverified": p.unverified,
                },
                id=p.key,
            )
            for p in presences.for_map()
        ]
        return {"type": "FeatureCollection", "as_of": date.isoformat(), "features": features}
    cell = cell_size(zoom, bbox)
    cells = {}
    for row in presences.grid_clusters(cell):
        found = cells.setdefault((row["row"], row["col"]), {"count": 0, "lat": 0, "lon": 0})
        found["count"] += row["count"]
        found["lat"] += row["lat"] * row["count"]
        found["lon"] += row["lon"] * row["count"]
        found.setdefault("kinds", {})[row["kind"]] = row["count"]
    features = [
        point(
            found["lon"] / found["count"],
            found["lat"] / found["count"],
            {"cluster": True, "count": found["count"], "kinds": found["kinds"]},
            id=f"cell-{row}-{col}",
        )
        for (row, col), found in sorted(cells.items())
    ]
    return {
        "type": "FeatureCollection",
        "as_of": date.isoformat(),
        "clustered": True,
        "cell_degrees": cell,
        "total": count,
        "features": features,
    }


def edition_features(editions):
    """A FeatureCollection with one point per location of each edition."""
    features = []
    for edition in editions:
        properties = {
            "key": edition.key,
            "name": edition.name,
            "series": edition.series.key,
            "started_on": edition.started_on.isoformat(),
            "ended_on": edition.ended_on.isoformat() if edition.ended_on else None,
            "hosts": sorted(c.iso2 for c in edition.hosts.all()),
            "leads": sorted(c.iso2 for c in edition.leads.all()),
        }
        for location in edition.locations.all():
            features.append(point(location.longitude, location.latitude, dict(properties)))
    return {"type": "FeatureCollection", "features": features}


def is_export(request):
    """Whether the request asks for one of the exports (a file) rather than the API's JSON."""
    return isinstance(getattr(request, "accepted_renderer", None), ExportRenderer)


def is_csv(request):
    """Whether the request asks for a CSV export."""
    return isinstance(getattr(request, "accepted_renderer", None), CSVRenderer)


def attachment(name, request):
    """The headers that download a response as `name` in the request's export format."""
    filename = f"{name}.{request.accepted_renderer.format}"
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


# Each endpoint's exports, with what they answer (the schema's documentation).
AGREEMENT_EXPORTS = {
    CSVRenderer: "every matching agreement (unpaginated) as CSV, one row each, parties as "
    "ISO codes, each source's URL, title and publisher in `sources`, `source_titles` and "
    "`source_publishers` (joined with `;`, in the same order; also at /api/agreements.csv); "
    "columns: " + ", ".join(AGREEMENT_COLUMNS),
}
MEMBERSHIP_EXPORTS = {
    CSVRenderer: "every matching membership (unpaginated) as CSV, one row each, organisation "
    "by slug, country by ISO code, sources as URLs joined with `;` (also at "
    "/api/memberships.csv); columns: " + ", ".join(MEMBERSHIP_COLUMNS),
}
RELATIONSHIP_EXPORTS = {
    GeoJSONRenderer: "a GeoJSON FeatureCollection of every map boundary (also at "
    "relationships.geojson); each feature's properties: key, name, iso2, focus, as_of, "
    "is_focus, tier, tier_label, score",
    GeoPackageRenderer: "the same features as a GeoPackage layer `relationships` (also at "
    "relationships.gpkg)",
    CSVRenderer: "one row per partner, strongest first (also at relationships.csv); agreements "
    "(keys) and organisations (slugs) joined with `;`; columns: " + ", ".join(RELATIONSHIP_COLUMNS),
}
PRESENCE_EXPORTS = {
    CSVRenderer: "every matching presence (unpaginated) as CSV, countries as ISO codes "
    "and sources as URLs joined with ; (also at /api/presences.csv); columns: "
    + ", ".join(PRESENCE_COLUMNS),
    GeoJSONRenderer: "a GeoJSON FeatureCollection of Point features (also at "
    "/api/presences.geojson), with `as_of`; each feature's properties: "
    + ", ".join(public_fields.PRESENCE_MAP_PROPERTIES)
    + f". When the view (bbox) holds more than {CLUSTER_THRESHOLD} presences, grid "
    "clusters for the `zoom` instead, with `clustered: true`, `cell_degrees` and `total`: "
    "each feature's properties are cluster (true), count and kinds ({kind: count}), at "
    "the mean point of its presences",
}
EDITION_EXPORTS = {
    CSVRenderer: "every matching edition (unpaginated) as CSV (also at /api/exercises.csv); "
    "columns: " + ", ".join(EDITION_COLUMNS),
    GeoJSONRenderer: "a GeoJSON FeatureCollection with a Point feature per location of "
    "each matching edition (also at /api/exercises.geojson); properties: "
    + ", ".join(public_fields.EDITION_MAP_PROPERTIES),
}
