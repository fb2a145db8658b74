// Draws every country from the TopoJSON boundaries once, then repaints it
// with whatever colours and descriptions the current view hands over.
/* global L, topojson */

import { defineHatch, HATCH_ID } from "./hatch.js";
import { SELECTION_RING, TIER_COLOURS } from "./palette.js";

export class CountryLayer {
  constructor(map, topology, { onSelect }) {
    this.map = map;
    this.fills = {};
    this.descriptions = {};
    this.fallback = "No recorded tie";
    this.selected = new Set();
    this.unverified = new Set();
    this.labels = {};
    this.onSelect = onSelect;
    const features = topojson.feature(topology, topology.objects.countries);
    this.features = features.features;
    this.ring = L.layerGroup().addTo(map);
    this.layer = L.geoJSON(features, {
      style: (feature) => this.styleFor(feature),
      onEachFeature: (feature, layer) => this.bind(feature, layer),
    }).addTo(map);
    // The hatch of countries tied by unverified records only, over their fills
    // and under the selection ring; its pattern lives in the renderer's own SVG,
    // so that a drawing copied from it (share.js) carries it.
    this.hatch = L.layerGroup().addTo(map);
    const svg = map.getPanes().overlayPane.querySelector("svg");
    if (svg) defineHatch(svg);
    // Chromium makes each clickable SVG path a tab stop: 240 of them would bury
    // the panel. Keyboard users reach every country through the picker and the
    // list view instead.
    this.layer.eachLayer((layer) => {
      const element = layer.getElement();
      if (element) element.setAttribute("tabindex", "-1");
    });
  }

  bind(feature, layer) {
    const iso2 = feature.properties.iso2;
    const classes = ["country", `feature-${feature.properties.key}`];
    if (iso2) classes.push(`country-${iso2}`);
    layer.options.className = classes.join(" ");
    layer.bindTooltip(() => this.tooltip(feature), { sticky: true, className: "country-tooltip" });
    if (iso2) layer.on("click", () => this.onSelect(iso2));
  }

  // Built from DOM nodes: a name from the database is never parsed as HTML.
  tooltip(feature) {
    const element = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = this.labels[feature.properties.iso2] || feature.properties.name;
    const tie = document.createElement("div");
    tie.textContent = this.describe(feature.properties.iso2);
    element.append(name, tie);
    return element;
  }

  describe(iso2) {
    if (!iso2) return "Disputed or unassigned";
    return this.descriptions[iso2] || this.fallback;
  }

  styleFor(feature) {
    const iso2 = feature.properties.iso2;
    let fill = TIER_COLOURS.none;
    if (!iso2) fill = TIER_COLOURS.neutral;
    else if (this.fills[iso2]) fill = this.fills[iso2];
    const selected = iso2 && this.selected.has(iso2);
    return {
      fillColor: fill,
      fillOpacity: 1,
      color: selected ? "#000" : "#7d8790",
      weight: selected ? 2.5 : 0.5,
    };
  }

  paint({ fills, descriptions, fallback, labels, unverified = [] }) {
    this.fills = fills;
    this.descriptions = descriptions;
    this.fallback = fallback;
    this.labels = labels;
    this.unverified = new Set(unverified);
    this.restyle();
    this.drawHatch();
    this.drawRing();
  }

  // Stripes over each country tied by unverified records only; not clickable,
  // so the country beneath still takes the click and shows its tooltip.
  drawHatch() {
    this.hatch.clearLayers();
    const features = this.features.filter((f) => this.unverified.has(f.properties.iso2));
    if (!features.length) return;
    this.hatch.addLayer(
      L.geoJSON(features, {
        interactive: false,
        style: { fillColor: `url(#${HATCH_ID})`, fillOpacity: 1, stroke: false },
        onEachFeature: (feature, layer) => {
          layer.options.className = `unverified-hatch hatch-${feature.properties.iso2}`;
        },
      }),
    );
  }

  select(...codes) {
    this.selected = new Set(codes.filter(Boolean));
    this.restyle();
    this.drawRing();
  }

  // The selection's ring, drawn over every country so that no neighbour hides
  // it: a white halo under a black line.
  drawRing() {
    this.ring.clearLayers();
    const features = this.features.filter((f) => this.selected.has(f.properties.iso2));
    if (!features.length) return;
    const line = (className, color, weight) =>
      L.geoJSON(features, { interactive: false, style: { className, color, weight, opacity: 1, fill: false } });
    this.ring.addLayer(line("selection-halo", SELECTION_RING.halo, 5));
    this.ring.addLayer(line("selection-outline", SELECTION_RING.outline, 2));
  }

  restyle() {
    this.layer.setStyle((feature) => this.styleFor(feature));
  }
}
