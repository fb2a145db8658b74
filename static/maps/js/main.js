// Wires the page together: config from json_script, state from the URL,
// boundaries once, then only the small relationships payloads.

import { getJSON, withParams } from "./api.js";
import { renderLegend } from "./legend.js";
import { CountryLayer } from "./map.js";
import { Panel } from "./panel.js";
import { readState, writeState } from "./state.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const mapStatus = document.getElementById("map-status");
const focusPicker = document.getElementById("focus-picker");
const countryPicker = document.getElementById("country-picker");
const asOfInput = document.getElementById("as-of");

const app = {
  state: readState({ focus: config.defaultFocus }),
  countries: new Map(),
  layer: null,
  panel: null,
  coloured: null,
};

function setMapStatus(text, isError = false) {
  mapStatus.textContent = text;
  mapStatus.classList.toggle("error", isError);
}

function relationshipsUrl(iso2) {
  return withParams(`${config.api.countries}${iso2}/relationships/`, { as_of: app.state.as_of });
}

function fillPickers() {
  const states = [...app.countries.values()].filter((c) => c.is_state);
  for (const picker of [focusPicker, countryPicker]) {
    const options = states.map((c) => {
      const option = document.createElement("option");
      option.value = c.iso2;
      option.textContent = c.name;
      return option;
    });
    picker.replaceChildren(...options);
  }
  const blank = document.createElement("option");
  blank.value = "";
  blank.textContent = "Choose a country…";
  countryPicker.prepend(blank);
}

async function colourMap() {
  const focus = app.state.focus;
  setMapStatus("Colouring the map…");
  try {
    // view=tiers: each partner's tier and score without its ties (a fraction of the bytes).
    const data = await getJSON(withParams(relationshipsUrl(focus), { view: "tiers" }));
    const tiers = {};
    const counts = {};
    const labels = {};
    for (const partner of data.partners) {
      tiers[partner.country.iso2] = { tier: partner.tier, label: partner.tier_label };
      counts[partner.tier] = (counts[partner.tier] || 0) + 1;
    }
    for (const [iso2, country] of app.countries) labels[iso2] = country.name;
    app.layer.colour(focus, tiers, labels);
    renderLegend(data.country.name, data.tiers, counts);
    setMapStatus("");
    document.body.dataset.coloured = `${focus}:${data.as_of}`;
  } catch (error) {
    setMapStatus(error.message, true);
  }
}

async function showCountry() {
  const iso2 = app.state.country;
  app.layer.select(iso2 || null);
  countryPicker.value = iso2 || "";
  if (!iso2) return;
  const country = app.countries.get(iso2);
  app.panel.loading(country ? country.name : iso2);
  try {
    const data = await getJSON(relationshipsUrl(iso2));
    if (app.state.country !== iso2) return; // a later click won
    app.panel.show(data, { isFocus: iso2 === app.state.focus });
  } catch (error) {
    app.panel.error(error.message);
  }
}

function render() {
  focusPicker.value = app.state.focus;
  asOfInput.value = app.state.as_of || "";
  // The map only changes with the focus or the date; a selection only fills the panel.
  const colouring = `${app.state.focus}|${app.state.as_of || ""}`;
  if (colouring !== app.coloured) {
    app.coloured = colouring;
    colourMap();
  }
  showCountry();
}

function update(changes) {
  app.state = { ...app.state, ...changes };
  writeState(app.state);
  render();
}

async function start(map) {
  app.panel = new Panel({
    onFocus: (iso2) => update({ focus: iso2 }),
    onSelect: (iso2) => update({ country: iso2 }),
  });
  try {
    const [topology, countries] = await Promise.all([
      getJSON(config.api.boundaries),
      getJSON(config.api.countries),
    ]);
    for (const country of countries) app.countries.set(country.iso2, country);
    if (!app.countries.has(app.state.focus)) app.state.focus = config.defaultFocus;
    fillPickers();
    app.layer = new CountryLayer(map, topology, { onSelect: (iso2) => update({ country: iso2 }) });
  } catch (error) {
    setMapStatus(`The map could not load: ${error.message}`, true);
    return;
  }
  focusPicker.addEventListener("change", () => update({ focus: focusPicker.value }));
  countryPicker.addEventListener("change", () => update({ country: countryPicker.value || undefined }));
  asOfInput.addEventListener("change", () => {
    if (!asOfInput.value || asOfInput.validity.valid) update({ as_of: asOfInput.value || undefined });
  });
  window.addEventListener("popstate", () => {
    app.state = readState({ focus: config.defaultFocus });
    render();
  });
  writeState(app.state, { replace: true });
  render();
}

window.addEventListener("map:init", (event) => start(event.detail.map));
