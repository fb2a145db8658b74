import assert from "node:assert/strict";
import { test } from "node:test";

import {
  bboxParam,
  EXERCISE_SYMBOL,
  emphasis,
  emphasisCountry,
  exercisePeriod,
  featuresUrl,
  forcesLegend,
  KIND_SYMBOLS,
  markerRows,
  periodText,
  presenceFacts,
  presenceLine,
  shapePath,
  symbolFor,
} from "../../../static/maps/js/forces.js";
import { Labels } from "../../../static/maps/js/labels.js";

const labels = new Labels({
  presence_kind: [
    { value: "base", label: "base" },
    { value: "facility", label: "facility" },
    { value: "access", label: "access rights" },
    { value: "stationed_force", label: "stationed force" },
    { value: "rotational_deployment", label: "rotational deployment" },
    { value: "mission", label: "mission" },
  ],
});

const akrotiri = {
  key: "gb-akrotiri",
  name: "RAF Akrotiri",
  kind: "base",
  kind_label: "base",
  host: { iso2: "CY", name: "Cyprus" },
  operators: [{ iso2: "GB", name: "United Kingdom" }],
  organisation: null,
  location_name: "Akrotiri, Sovereign Base Areas",
  started_on: "1960-08-16",
  started_on_precision: "day",
  ended_on: null,
  ended_on_precision: "",
  personnel: 2290,
  personnel_as_of: "2024-04-01",
  units: "",
};

test("every kind has its own shape, and exercises another one", () => {
  const shapes = Object.values(KIND_SYMBOLS).map((s) => s.shape);
  assert.equal(new Set([...shapes, EXERCISE_SYMBOL.shape]).size, shapes.length + 1);
  assert.equal(symbolFor("base").shape, "square");
  assert.equal(symbolFor("something new").shape, "circle");
});

test("every shape is a closed SVG path inside its square", () => {
  for (const shape of ["square", "diamond", "triangle", "triangle-down", "star", "cross", "circle"]) {
    const d = shapePath(shape, 14);
    assert.match(d, /^M.*Z$/, shape);
    const numbers = d.match(/-?\d+(\.\d+)?/g).map(Number);
    if (shape !== "circle")
      assert.ok(
        numbers.every((n) => n >= 0 && n <= 14),
        shape,
      );
  }
});

test("with a focus, its presences abroad and foreign ones on its soil stand out, the rest are muted", () => {
  assert.equal(emphasis({ host: "CY", operators: ["GB"] }, "GB"), "focus");
  assert.equal(emphasis({ host: "GB", operators: ["US"] }, "GB"), "focus");
  assert.equal(emphasis({ host: "DJ", operators: ["FR"] }, "GB"), "muted");
  assert.equal(emphasis({ hosts: ["AU"], leads: ["US"] }, "AU"), "focus");
  assert.equal(emphasis({ cluster: true, count: 4 }, "GB"), "plain");
  assert.equal(emphasis({ host: "DJ", operators: ["FR"] }, null), "plain");
});

test("an organisation colouring the map leaves no country emphasised", () => {
  assert.equal(emphasisCountry({ focus: "GB" }), "GB");
  assert.equal(emphasisCountry({ focus: "GB", org: "nato" }), null);
});

test("the view's bounds are rounded outwards and kept on the globe", () => {
  assert.equal(bboxParam({ west: -10.04, south: 35.01, east: 30.01, north: 60.99 }), "-10.1,35,30.1,61");
  assert.equal(bboxParam({ west: -400, south: -95, east: 400, north: 95 }), "-180,-90,180,90");
  assert.equal(bboxParam({ west: 100, south: 0, east: 200, north: 10 }), "100,0,180,10");
});

test("the markers' address carries the date, the view and the zoom", () => {
  const url = featuresUrl(
    "/api/presences/",
    { focus: "GB", as_of: "2020-01-01" },
    { west: 0, south: 0, east: 10, north: 10 },
    3.4,
  );
  assert.equal(url, "/api/presences/?format=geojson&as_of=2020-01-01&bbox=0%2C0%2C10%2C10&zoom=3");
  assert.equal(
    featuresUrl("/api/exercises/", {}, { west: 0, south: 0, east: 1, north: 1 }, 2, { from: "2023-01-01" }),
    "/api/exercises/?format=geojson&bbox=0%2C0%2C1%2C1&zoom=2&from=2023-01-01",
  );
});

test("exercises shown are those of the year up to the date", () => {
  assert.deepEqual(exercisePeriod("2024-06-15"), { from: "2023-06-15", to: "2024-06-15" });
  assert.deepEqual(exercisePeriod("2024-02-29"), { from: "2023-02-28", to: "2024-02-29" });
});

test("a period is said at its precision", () => {
  assert.equal(periodText({ started_on: "2017-03-01", started_on_precision: "month" }), "since March 2017");
  assert.equal(
    periodText({
      started_on: "2001-01-01",
      started_on_precision: "year",
      ended_on: "2021-01-01",
      ended_on_precision: "year",
    }),
    "2001 to 2021",
  );
  assert.equal(periodText({}), "dates not recorded");
});

test("a presence's facts are plain text rows, empty ones left out", () => {
  const facts = presenceFacts(akrotiri, labels);
  assert.deepEqual(
    facts.map((f) => f.label),
    ["Kind", "Operated by", "Host", "Location", "Dates", "Size"],
  );
  assert.equal(facts[0].value, "Base");
  assert.equal(facts[4].value, "Since 16 August 1960");
  assert.equal(facts[5].value, "2,290 personnel (1 April 2024)");
});

test("a presence's line in a country's list says the other side", () => {
  assert.equal(presenceLine(akrotiri, labels, { side: "abroad" }), "Base · in Cyprus · since 16 August 1960");
  assert.equal(presenceLine(akrotiri, labels, { side: "hosted" }), "Base · by United Kingdom · since 16 August 1960");
});

test("the legend names a symbol per kind, exercises and clusters, only for the layers on", () => {
  assert.deepEqual(forcesLegend(labels, { presences: false, exercises: false }), []);
  const items = forcesLegend(labels, { presences: true, exercises: true });
  assert.deepEqual(
    items.map((i) => i.text),
    [
      "Base",
      "Facility",
      "Access rights",
      "Stationed force",
      "Rotational deployment",
      "Mission",
      "Exercise (the year to the date)",
      "Several nearby: click to zoom in",
    ],
  );
});

test("the list view lists the markers by name and counts what is clustered", () => {
  const names = { GB: "United Kingdom", CY: "Cyprus", AU: "Australia", US: "United States" };
  const { rows, clustered } = markerRows(
    [
      {
        source: "presences",
        properties: { key: "b", name: "RAF Akrotiri", kind: "base", host: "CY", operators: ["GB"] },
      },
      { source: "presences", properties: { cluster: true, count: 12, kinds: { base: 12 } } },
      {
        source: "exercises",
        properties: {
          key: "t",
          name: "Talisman Sabre 2023",
          series: "talisman-sabre",
          hosts: ["AU"],
          leads: ["AU", "US"],
          started_on: "2023-07-22",
          ended_on: "2023-08-04",
        },
      },
    ],
    labels,
    (iso2) => names[iso2] || iso2,
  );
  assert.equal(clustered, 12);
  assert.deepEqual(
    rows.map((r) => [r.type, r.name, ...r.cells]),
    [
      ["presence", "RAF Akrotiri", "Base", "United Kingdom", "Cyprus"],
      ["exercise", "Talisman Sabre 2023", "Exercise", "Australia", "22 July 2023 to 4 August 2023"],
    ],
  );
});
