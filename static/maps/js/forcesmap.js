// The forces layer on the map: presences (a symbol per kind) and exercises
// drawn over the coloured countries, or the server's clusters as count
// bubbles. Only the current view is asked for (bounds and zoom), again after
// each move, a moment after it ends; a newer view aborts the older request.
// Markers are built from DOM nodes: no name is ever parsed as HTML.
/* global L */

import { getJSON } from "./api.js";
import { clusterSize, EXERCISE_SYMBOL, emphasis, SIZES, shapePath, symbolFor } from "./forces.js";

const SVG = "http://www.w3.org/2000/svg";
const DEBOUNCE_MS = 250;

// An SVG glyph: `shape` at `size` pixels, filled with `colour`, white rim.
export function glyph({ shape, colour }, size, className = "glyph") {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", shapePath(shape, size));
  path.setAttribute("fill", colour);
  svg.append(path);
  return svg;
}

function tooltip(lines) {
  const element = document.createElement("div");
  const [first, ...rest] = lines;
  const name = document.createElement("strong");
  name.textContent = first;
  element.append(name);
  for (const line of rest) {
    const div = document.createElement("div");
    div.textContent = line;
    element.append(div);
  }
  return element;
}

export class ForcesLayer {
  // sources: [{name, url: (bounds, zoom) => url | null}], one per symbol set;
  // describe(properties) => tooltip lines; onPick(type, key); onDrawn(features).
  constructor(map, { sources, describe, onPick, onDrawn, onError }) {
    this.map = map;
    this.sources = sources;
    this.describe = describe;
    this.onPick = onPick;
    this.onDrawn = onDrawn;
    this.onError = onError;
    this.group = L.layerGroup().addTo(map);
    this.features = [];
    this.byId = new Map(); // "presence:key" -> its marker
    this.country = null;
    this.selected = null;
    this.timer = null;
    this.controller = null;
    this.drawnFor = null;
    map.on("moveend", () => this.schedule());
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), DEBOUNCE_MS);
  }

  // The URLs the view needs now ([] when every layer is off).
  urls() {
    const bounds = this.map.getBounds();
    const view = {
      west: bounds.getWest(),
      south: bounds.getSouth(),
      east: bounds.getEast(),
      north: bounds.getNorth(),
    };
    const zoom = this.map.getZoom();
    return this.sources.map((source) => ({ name: source.name, url: source.url(view, zoom) })).filter((s) => s.url);
  }

  async refresh() {
    clearTimeout(this.timer);
    const wanted = this.urls();
    const key = JSON.stringify(wanted);
    if (key === this.drawnFor) return;
    if (this.controller) this.controller.abort();
    this.drawnFor = null;
    if (!wanted.length) {
      this.drawnFor = key;
      this.draw([]);
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    delete document.body.dataset.forces;
    try {
      const answers = await Promise.all(wanted.map((w) => getJSON(w.url, { signal: controller.signal })));
      if (controller.signal.aborted) return;
      const features = answers.flatMap((answer, i) =>
        (answer?.features || []).map((feature) => ({ ...feature, source: wanted[i].name })),
      );
      this.drawnFor = key;
      this.draw(features);
    } catch (error) {
      if (controller.signal.aborted || error.name === "AbortError") return;
      this.onError(error);
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  // The country whose forces stand out, and the marker shown in the panel ("presence:key").
  // A new focus redraws every marker; a new selection only restyles the two
  // markers concerned, so that a click reaches the panel without waiting for
  // hundreds of markers to be rebuilt.
  emphasise(country, selected) {
    if (country !== this.country) {
      this.country = country;
      this.selected = selected;
      if (this.drawnFor !== null) this.draw(this.features);
      return;
    }
    if (selected === this.selected) return;
    this.choose(this.selected, false);
    this.selected = selected;
    this.choose(selected, true);
  }

  choose(id, chosen) {
    const marker = id && this.byId.get(id);
    if (!marker) return;
    marker.getElement()?.classList.toggle("chosen", chosen);
    marker.setZIndexOffset(chosen || marker.options.emphasised ? 1000 : 0);
  }

  draw(features) {
    this.features = features;
    this.byId.clear();
    const markers = features.map((feature) => this.marker(feature)).filter(Boolean);
    this.group.clearLayers();
    for (const marker of markers) this.group.addLayer(marker);
    // For tests and the bench: how many markers, for which requests.
    document.body.dataset.forces = String(markers.length);
    document.body.dataset.forcesView = this.drawnFor;
    this.onDrawn(features);
  }

  marker(feature) {
    if (feature.geometry?.type !== "Point") return null;
    const [lng, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    if (p.cluster) return this.cluster([lat, lng], p, feature.source);
    const type = feature.source === "exercises" ? "exercise" : "presence";
    const level = emphasis(p, this.country);
    const size = SIZES[level];
    const symbol = type === "exercise" ? EXERCISE_SYMBOL : symbolFor(p.kind);
    const chosen = this.selected === `${type}:${p.key}`;
    const classes = ["forces-marker", `${type}-marker`, `emphasis-${level}`];
    if (type === "presence") classes.push(`kind-${p.kind}`);
    if (chosen) classes.push("chosen");
    const icon = L.divIcon({
      html: glyph(symbol, size),
      className: classes.join(" "),
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
    // Not tab stops: hundreds would bury the panel. Keyboard users reach each
    // one through the country's panel and the list view.
    const marker = L.marker([lat, lng], {
      icon,
      keyboard: false,
      riseOnHover: true,
      emphasised: level === "focus",
      zIndexOffset: level === "focus" || chosen ? 1000 : 0,
    });
    this.byId.set(`${type}:${p.key}`, marker);
    marker.bindTooltip(() => tooltip(this.describe(type, p)), { className: "forces-tooltip", direction: "top" });
    marker.on("click", () => this.onPick(type, p.key));
    marker.on("add", () => {
      const element = marker.getElement();
      if (element) element.dataset.key = p.key;
    });
    return marker;
  }

  cluster(latlng, properties, source) {
    const size = clusterSize(properties.count);
    const label = document.createElement("span");
    label.textContent = String(properties.count);
    const icon = L.divIcon({
      html: label,
      className: `forces-cluster ${source}-cluster`,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
    const marker = L.marker(latlng, { icon, keyboard: false });
    const what = source === "exercises" ? "exercise locations" : "presences";
    marker.bindTooltip(() => tooltip([`${properties.count} ${what}`, "Click to zoom in"]), {
      className: "forces-tooltip",
      direction: "top",
    });
    marker.on("click", () => this.map.setView(latlng, Math.min(this.map.getZoom() + 2, this.map.getMaxZoom())));
    return marker;
  }
}
