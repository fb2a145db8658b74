// Draws every country from the TopoJSON boundaries and colours it by tier.
/* global L, topojson */

import { TIER_COLOURS } from "./legend.js";

export class CountryLayer {
  constructor(map, topology, { onSelect }) {
    this.map = map;
    this.tiers = {};
    this.focus = null;
    this.selected = null;
    this.labels = {};
    this.onSelect = onSelect;
    const features = topojson.feature(topology, topology.objects.countries);
    this.layer = L.geoJSON(features, {
      style: (feature) => this.styleFor(feature),
      onEachFeature: (feature, layer) => this.bind(feature, layer),
    }).addTo(map);
  }

  bind(feature, layer) {
    const iso2 = feature.properties.iso2;
    const classes = ["country", `feature-${feature.properties.key}`];
    if (iso2) classes.push(`country-${iso2}`);
    layer.options.className = classes.join(" ");
    layer.bindTooltip(() => this.tooltip(feature), { sticky: true, className: "country-tooltip" });
    if (iso2) layer.on("click", () => this.onSelect(iso2));
  }

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
    if (iso2 === this.focus) return "Focus country";
    const tier = this.tiers[iso2];
    return tier ? tier.label : "No recorded tie";
  }

  styleFor(feature) {
    const iso2 = feature.properties.iso2;
    let fill = TIER_COLOURS.none;
    if (!iso2) fill = TIER_COLOURS.neutral;
    else if (iso2 === this.focus) fill = TIER_COLOURS.focus;
    else if (this.tiers[iso2]) fill = TIER_COLOURS[this.tiers[iso2].tier];
    const selected = iso2 && iso2 === this.selected;
    return {
      fillColor: fill,
      fillOpacity: 1,
      color: selected ? "#000" : "#7d8790",
      weight: selected ? 2 : 0.5,
    };
  }

  colour(focus, tiers, labels) {
    this.focus = focus;
    this.tiers = tiers;
    this.labels = labels;
    this.layer.setStyle((feature) => this.styleFor(feature));
  }

  select(iso2) {
    this.selected = iso2;
    this.layer.setStyle((feature) => this.styleFor(feature));
  }
}
