"""Import countries and their Natural Earth 1:50m boundaries.

The committed file is world-atlas's `countries-50m.json` (TopoJSON, public
domain Natural Earth data). Features are keyed by ISO 3166-1 numeric code;
a few have none or share one, and are resolved by name below. The shapes are
simplified once, here, as a coverage (neighbours keep a common border, so no
gaps or slivers open between them), and stored twice: per feature as GeoJSON
(exports, one country) and as a single TopoJSON document for the map.
"""

import csv
import hashlib
import json
from dataclasses import dataclass

import geopandas
import numpy
import shapely
import shapely.affinity
import topojson
from django.db import transaction
from django.utils.text import slugify

from ..models import Boundary, BoundaryTopology, Country

# Degrees. 0.03 keeps coastlines readable at world and continent zoom and
# brings the document under 150 KB gzipped (see README, "Performance").
DEFAULT_TOLERANCE = 0.03
# Grid of the TopoJSON transform: 30,000 steps span the world (~1.3 km at the equator).
QUANTIZATION = 30_000
COORDINATE_DECIMALS = 3

# Features with no ISO numeric code, or a code shared with another feature:
# what each is drawn as. None draws the land neutral (disputed, not a state).
FEATURES_BY_NAME = {
    "Kosovo": ("XK", "XK"),
    "Somaliland": (None, "SO"),  # internationally recognised as part of Somalia
    "N. Cyprus": (None, None),  # recognised by Turkey only: drawn neutral
    "Siachen Glacier": (None, None),  # disputed between India and Pakistan
    "Indian Ocean Ter.": (None, "AU"),  # Christmas Island and Cocos (Keeling) Islands
    "Ashmore and Cartier Is.": (None, "AU"),  # shares Australia's code 036
}


class BoundaryImportError(Exception):
    pass


@dataclass
class ImportResult:
    countries: int
    features: int
    unmatched: list


def read_countries(path):
    """Rows of the committed country list (ISO codes, names, regions, sovereigns)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    required = {"iso2", "iso3", "numeric", "name", "region", "is_state", "sovereign"}
    if not rows or not required <= set(rows[0]):
        raise BoundaryImportError(f"{path}: expected columns {sorted(required)}")
    return rows


@transaction.atomic
def import_countries(path):
    rows = read_countries(path)
    for row in rows:
        Country.objects.update_or_create(
            iso2=row["iso2"],
            defaults={
                "iso3": row["iso3"],
                "name": row["name"],
                "official_name": row.get("official_name", ""),
                "region": row["region"],
                "subregion": row.get("subregion", ""),
                "is_state": row["is_state"] == "1",
            },
        )
    by_iso2 = {c.iso2: c for c in Country.objects.all()}
    for row in rows:
        country = by_iso2[row["iso2"]]
        sovereign = by_iso2.get(row["sovereign"]) if row["sovereign"] else None
        if country.sovereign_id != (sovereign.pk if sovereign else None):
            country.sovereign = sovereign
            country.save(update_fields=["sovereign"])
    return rows


def _wraps(ring):
    xs = numpy.asarray(ring.coords)[:, 0]
    return len(xs) > 1 and numpy.abs(numpy.diff(xs)).max() > 180


def cut_antimeridian(geometry):
    """Split polygons that wrap across 180 degrees into an east and a west part.

    Natural Earth draws eastern Russia and Fiji as rings that jump from +180
    to -180; a flat map would draw that jump as a line around the world. The
    pole-spanning edge of Antarctica is left alone: it runs along the map's
    bottom edge.
    """
    polygons = list(getattr(geometry, "geoms", [geometry]))
    if not any(_wraps(p.exterior) and p.bounds[1] > -85 for p in polygons):
        return geometry
    parts = []
    for polygon in polygons:
        if not (_wraps(polygon.exterior) and polygon.bounds[1] > -85):
            parts.append(polygon)
            continue
        shifted = shapely.transform(
            polygon,
            lambda xy: numpy.column_stack(
                [numpy.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]]
            ),
        ).buffer(0)
        west = shifted.intersection(shapely.box(-180, -90, 180, 90))
        east = shapely.affinity.translate(
            shifted.intersection(shapely.box(180, -90, 540, 90)), xoff=-360
        )
        for piece in (west, east):
            parts.extend(
                p
                for p in getattr(piece, "geoms", [piece])
                if p.geom_type == "Polygon" and not p.is_empty
            )
    return shapely.MultiPolygon(parts)


def round_coordinates(geometry):
    return shapely.transform(geometry, lambda xy: numpy.round(xy, COORDINATE_DECIMALS))


def resolve(frame, rows):
    """Give each feature its own ISO code and the state it is drawn as."""
    by_numeric = {row["numeric"]: row for row in rows if row["numeric"]}
    own, drawn_as, unmatched = [], [], []
    for numeric, name in zip(frame["id"], frame["name"], strict=True):
        if name in FEATURES_BY_NAME:
            iso2, drawn = FEATURES_BY_NAME[name]
        elif isinstance(numeric, str) and numeric in by_numeric:
            row = by_numeric[numeric]
            iso2 = row["iso2"]
            drawn = iso2 if row["is_state"] == "1" else (row["sovereign"] or None)
        else:
            iso2, drawn = None, None
            unmatched.append(name)
        own.append(iso2 or "")
        drawn_as.append(drawn or "")
    return own, drawn_as, unmatched


def build_topology(frame):
    topology = topojson.Topology(
        frame[["key", "name", "iso2", "geometry"]],
        object_name="countries",
        prequantize=QUANTIZATION,
        topology=True,
        presimplify=False,
        toposimplify=False,
    )
    return json.dumps(topology.to_dict(), separators=(",", ":"))


def import_boundaries(path, countries_path, tolerance=DEFAULT_TOLERANCE, log=print):
    """Read, simplify and store every feature; idempotent. Returns an ImportResult."""
    rows = import_countries(countries_path)
    log(f"countries: {len(rows)} rows from {countries_path}")
    try:
        frame = geopandas.read_file(path, layer="countries")
    except Exception as error:  # pyogrio raises its own DataSourceError, among others
        raise BoundaryImportError(f"{path}: cannot read boundaries ({error})") from error
    if not {"id", "name"} <= set(frame.columns):
        raise BoundaryImportError(f"{path}: features need 'id' and 'name' properties")
    log(f"boundaries: {len(frame)} features read from {path}")

    own, drawn_as, unmatched = resolve(frame, rows)
    frame["iso2"] = drawn_as
    frame["own_iso2"] = own
    keys = [slugify(name) or f"feature-{index}" for index, name in enumerate(frame["name"])]
    frame["key"] = keys
    if len(set(keys)) != len(keys):
        raise BoundaryImportError(f"{path}: two features share a name")

    frame["geometry"] = frame.geometry.apply(cut_antimeridian).simplify_coverage(tolerance)
    frame["geometry"] = frame.geometry.apply(round_coordinates)
    document = build_topology(frame)
    log(f"boundaries: simplified at {tolerance} degrees, TopoJSON {len(document):,} bytes")

    countries = {c.iso2: c for c in Country.objects.all()}
    with transaction.atomic():
        for key, name, iso2, drawn, geometry in zip(
            frame["key"],
            frame["name"],
            frame["own_iso2"],
            frame["iso2"],
            frame.geometry,
            strict=True,
        ):
            Boundary.objects.update_or_create(
                key=key,
                defaults={
                    "name": name,
                    "iso2": iso2,
                    "country": countries.get(drawn),
                    "geometry": shapely.geometry.mapping(geometry),
                },
            )
        Boundary.objects.exclude(key__in=keys).delete()
        BoundaryTopology.objects.update_or_create(
            name="countries",
            defaults={
                "topojson": document,
                "digest": hashlib.sha256(document.encode()).hexdigest(),
                "feature_count": len(frame),
                "tolerance": tolerance,
            },
        )
    for name in unmatched:
        log(f"boundaries: warning: no ISO code for feature {name!r}; drawn neutral")
    return ImportResult(
        countries=len(rows),
        features=len(frame),
        unmatched=unmatched,
    )
