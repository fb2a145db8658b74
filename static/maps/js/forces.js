// The forces layer's pure parts: a symbol per kind of presence (and one for
// exercises), which markers stand out for the focus country, the address of
// the markers for the current view, and what the panel and the list view say
// about a presence or an exercise. No DOM, no Leaflet: testable in Node.
//
// Symbols differ by shape first, colour second (Okabe-Ito), so that nobody
// needs to tell colours apart; each has a white rim to stand out on any fill.

import { formatDate } from "./dates.js";
import { capitalise } from "./labels.js";
import { withParams } from "./urls.js";

export const KIND_SYMBOLS = {
  base: { shape: "square", colour: "#0072b2" },
  facility: { shape: "diamond", colour: "#009e73" },
  access: { shape: "triangle", colour: "#56b4e9" },
  stationed_force: { shape: "circle", colour: "#d55e00" },
  rotational_deployment: { shape: "triangle-down", colour: "#cc79a7" },
  mission: { shape: "star", colour: "#1d2731" },
};
export const EXERCISE_SYMBOL = { shape: "cross", colour: "#f0e442" };
const UNKNOWN_SYMBOL = { shape: "circle", colour: "#5b6670" };

export function symbolFor(kind) {
  return KIND_SYMBOLS[kind] || UNKNOWN_SYMBOL;
}

// An SVG path for `shape` filling a square of `size` pixels.
export function shapePath(shape, size) {
  const s = size;
  const h = s / 2;
  const r = (n) => Math.round(n * 100) / 100;
  const points = (pts) => `M${pts.map(([x, y]) => `${r(x)},${r(y)}`).join("L")}Z`;
  switch (shape) {
    case "square":
      return points([
        [1.5, 1.5],
        [s - 1.5, 1.5],
        [s - 1.5, s - 1.5],
        [1.5, s - 1.5],
      ]);
    case "diamond":
      return points([
        [h, 0.5],
        [s - 0.5, h],
        [h, s - 0.5],
        [0.5, h],
      ]);
    case "triangle":
      return points([
        [h, 0.5],
        [s - 0.5, s - 1.5],
        [0.5, s - 1.5],
      ]);
    case "triangle-down":
      return points([
        [0.5, 1.5],
        [s - 0.5, 1.5],
        [h, s - 0.5],
      ]);
    case "star": {
      const star = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 ? h * 0.45 : h - 0.5;
        const angle = (Math.PI / 5) * i - Math.PI / 2;
        star.push([h + radius * Math.cos(angle), h + radius * Math.sin(angle)]);
      }
      return points(star);
    }
    case "cross": {
      const a = s * 0.32;
      const b = s - a;
      return points([
        [a, 0.5],
        [b, 0.5],
        [b, a],
        [s - 0.5, a],
        [s - 0.5, b],
        [b, b],
        [b, s - 0.5],
        [a, s - 0.5],
        [a, b],
        [0.5, b],
        [0.5, a],
        [a, a],
      ]);
    }
    default:
      return `M${r(h)},${r(h)}m-${r(h - 1)},0a${r(h - 1)},${r(h - 1)} 0 1,0 ${r(2 * (h - 1))},0a${r(h - 1)},${r(h - 1)} 0 1,0 -${r(2 * (h - 1))},0Z`;
  }
}

// The country whose forces stand out: the focus, unless an organisation colours the map.
export function emphasisCountry(state) {
  return state.org ? null : state.focus || null;
}

// "focus" when the feature involves the country (host, operator, lead), "muted"
// when a country is emphasised and this one does not involve it, else "plain".
export function emphasis(properties, country) {
  if (!country || properties.cluster) return "plain";
  const involved = [
    properties.host,
    ...(properties.operators || []),
    ...(properties.hosts || []),
    ...(properties.leads || []),
  ];
  return involved.includes(country) ? "focus" : "muted";
}

// Marker sizes in pixels: readable at world zoom, larger when it concerns the focus.
export const SIZES = { plain: 14, focus: 20, muted: 12 };

export function clusterSize(count) {
  return Math.round(Math.min(48, 22 + 6 * Math.log10(Math.max(count, 1)) * 2));
}

// The view's bounds for the API: west,south,east,north, rounded outwards to a
// tenth of a degree (nearby views share cached answers) and kept on the globe.
export function bboxParam({ west, south, east, north }) {
  const down = (n) => Math.floor(n * 10) / 10;
  const up = (n) => Math.ceil(n * 10) / 10;
  const clamp = (n, limit) => Math.max(-limit, Math.min(limit, n));
  let w = down(west);
  let e = up(east);
  if (e - w >= 360) {
    w = -180;
    e = 180;
  }
  return [clamp(w, 180), clamp(down(south), 90), clamp(e, 180), clamp(up(north), 90)].join(",");
}

// The GeoJSON markers for a view: `path` is the layer's endpoint.
export function featuresUrl(path, state, bounds, zoom, extra = {}) {
  return withParams(path, {
    format: "geojson",
    as_of: state.as_of,
    bbox: bboxParam(bounds),
    zoom: Math.round(zoom),
    ...extra,
  });
}

// Exercises shown for a date: the editions in the year up to it.
export function exercisePeriod(asOf) {
  const [year, month, day] = asOf.split("-").map(Number);
  const before = year - 1;
  const leap = (before % 4 === 0 && before % 100 !== 0) || before % 400 === 0;
  const monthDay = month === 2 && day === 29 && !leap ? "02-28" : asOf.slice(5);
  return { from: `${before}-${monthDay}`, to: asOf };
}

function dated(value, precision) {
  return formatDate(value, precision || "day");
}

// "since March 2018", "2001 to 2021", "dates not recorded".
export function periodText({ started_on, started_on_precision, ended_on, ended_on_precision }) {
  const start = dated(started_on, started_on_precision);
  const end = dated(ended_on, ended_on_precision);
  if (start && end) return start === end ? start : `${start} to ${end}`;
  if (start) return `since ${start}`;
  if (end) return `until ${end}`;
  return "dates not recorded";
}

const names = (countries) => (countries || []).map((c) => c.name).join(", ");

// A presence's facts for the panel, as {label, value} rows of plain text
// (empty ones left out), in the order a reader asks for them.
export function presenceFacts(presence, labels) {
  const size = [];
  if (presence.personnel) {
    const asOf = presence.personnel_as_of ? ` (${formatDate(presence.personnel_as_of, "day")})` : "";
    size.push(`${presence.personnel.toLocaleString("en-GB")} personnel${asOf}`);
  }
  if (presence.units) size.push(presence.units);
  const organisation = presence.organisation;
  return [
    { label: "Kind", value: capitalise(presence.kind_label || labels.of("presence_kind", presence.kind)) },
    { label: "Operated by", value: names(presence.operators) },
    { label: "Host", value: presence.host ? presence.host.name : "" },
    {
      label: "Organisation",
      value: organisation ? organisation.short_name || organisation.name : "",
    },
    { label: "Location", value: presence.location_name || "" },
    { label: "Dates", value: capitalise(periodText(presence)) },
    { label: "Size", value: size.join("; ") },
  ].filter((row) => row.value);
}

export function exerciseFacts(edition) {
  const organisations = (edition.organisations || []).map((o) => o.short_name || o.name).join(", ");
  const places = (edition.locations || []).map((l) => l.name).join("; ");
  const size = [edition.personnel ? `${edition.personnel.toLocaleString("en-GB")} personnel` : "", edition.scale || ""]
    .filter(Boolean)
    .join("; ");
  return [
    { label: "Series", value: edition.series ? edition.series.name : "" },
    { label: "Dates", value: capitalise(periodText(edition)) },
    { label: "Led by", value: names(edition.leads) },
    { label: "Hosted by", value: names(edition.hosts) },
    { label: "Participants", value: names(edition.participants) },
    { label: "Organisations", value: organisations },
    { label: "Where", value: places },
    { label: "Size", value: size },
  ].filter((row) => row.value);
}

// One line under a presence's name in a list: kind, who operates it, where.
export function presenceLine(presence, labels, { side } = {}) {
  const kind = capitalise(presence.kind_label || labels.of("presence_kind", presence.kind));
  const operators = names(presence.operators) || presence.organisation?.short_name || "";
  const where = presence.host ? presence.host.name : "";
  const who = side === "abroad" ? `in ${where}` : side === "hosted" ? `by ${operators}` : `${operators} in ${where}`;
  return [kind, who, periodText(presence)].filter(Boolean).join(" · ");
}

export function countText(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

// The legend's lines for the layers in use: {shape, colour, text}.
export function forcesLegend(labels, { presences, exercises }) {
  const items = [];
  if (presences) {
    for (const [kind, symbol] of Object.entries(KIND_SYMBOLS)) {
      items.push({ ...symbol, text: capitalise(labels.of("presence_kind", kind)) });
    }
  }
  if (exercises) items.push({ ...EXERCISE_SYMBOL, text: "Exercise (the year to the date)" });
  if (items.length) items.push({ shape: "cluster", colour: "#fff", text: "Several nearby: click to zoom in" });
  return items;
}

// The list view's rows for the markers drawn (each feature with its `source`,
// "presences" or "exercises"): by name; clusters summed up, since their
// content is a zoom away.
export function markerRows(features, labels, countryName) {
  const rows = [];
  let clustered = 0;
  for (const feature of features) {
    const p = feature.properties;
    if (p.cluster) {
      clustered += p.count;
      continue;
    }
    if (feature.source === "exercises") {
      rows.push({
        type: "exercise",
        key: p.key,
        name: p.name,
        cells: ["Exercise", (p.hosts || []).map(countryName).join(", "), periodText(p)],
      });
    } else {
      rows.push({
        type: "presence",
        key: p.key,
        name: p.name,
        cells: [
          capitalise(labels.of("presence_kind", p.kind)),
          (p.operators || []).map(countryName).join(", "),
          countryName(p.host),
        ],
      });
    }
  }
  rows.sort((a, b) => a.name.localeCompare(b.name));
  return { rows, clustered };
}
