// Wires the page together: config from json_script, state from the URL,
// boundaries once, then only the small relationships and organisation payloads.

import { getJSON, withParams } from "./api.js";
import {
  ROLE_COLOURS, SCORE_BANDS, TIER_COLOURS, bandLabel, renderLegend, scoreBand,
} from "./legend.js";
import { ListView } from "./listview.js";
import { CountryLayer } from "./map.js";
import { Panel, ROLE_LABELS, formatDate, sortMembers } from "./panel.js";
import { FILTERS, readState, writeState } from "./state.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const $ = (id) => document.getElementById(id);
const mapStatus = $("map-status");
const controls = $("controls");
const focusPicker = $("focus-picker");
const organisationPicker = $("organisation-picker");
const countryPicker = $("country-picker");
const countryNames = $("country-names");
const asOfInput = $("as-of");
const yearInput = $("year");
const yearOutput = $("year-output");
const colourMode = $("colour-mode");
const listToggle = $("list-toggle");
const filterInputs = Object.fromEntries(FILTERS.map((name) => [name, $(`filter-${name}`)]));

const defaults = () => ({ focus: config.defaultFocus });

const app = {
  state: readState(defaults()),
  countries: new Map(),
  organisations: new Map(),
  cache: new Map(),
  layer: null,
  panel: null,
  list: null,
  painted: null,
  focusPanel: false,
};

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function setMapStatus(text, kind = "") {
  mapStatus.textContent = text;
  mapStatus.classList.toggle("error", kind === "error");
}

// Answers are cached by URL for the page's life: going back to a view the
// page has shown costs no request.
async function cachedJSON(url) {
  if (!app.cache.has(url)) app.cache.set(url, await getJSON(url));
  return app.cache.get(url);
}

function filterParams() {
  return Object.fromEntries(FILTERS.map((name) => [name, app.state[name]]));
}

function isFiltered() {
  return FILTERS.some((name) => app.state[name]);
}

function relationshipsUrl(iso2, extra = {}) {
  return withParams(`${config.api.countries}${iso2}/relationships/`, {
    as_of: app.state.as_of, ...filterParams(), ...extra,
  });
}

function organisationUrl(slug) {
  return withParams(`${config.api.organisations}${slug}/`, { as_of: app.state.as_of });
}

function nameOf(iso2) {
  const country = app.countries.get(iso2);
  return country ? country.name : iso2;
}

function option(value, text) {
  const node = document.createElement("option");
  node.value = value;
  node.textContent = text;
  return node;
}

function fillControls() {
  const states = [...app.countries.values()].filter((c) => c.is_state);
  focusPicker.replaceChildren(...states.map((c) => option(c.iso2, c.name)));
  countryNames.replaceChildren(...states.map((c) => option(c.name)));
  const organisations = [...app.organisations.values()].sort((a, b) =>
    (a.short_name || a.name).localeCompare(b.short_name || b.name));
  organisationPicker.append(...organisations.map((o) =>
    option(o.slug, o.short_name && o.short_name !== o.name ? `${o.short_name} (${o.name})` : o.name)));
  for (const name of FILTERS) {
    filterInputs[name].append(...config.filters[name].map((c) => option(c.value, c.label)));
  }
  yearInput.max = today().slice(0, 4);
}

function filterNote() {
  const labels = FILTERS.filter((name) => app.state[name]).map((name) => {
    const choice = config.filters[name].find((c) => c.value === app.state[name]);
    return `${name} ${choice ? choice.label : app.state[name]}`;
  });
  return labels.length ? `Only ties with ${labels.join(", ")}.` : "";
}

// --- the map, the legend and the list view: one of two colourings -------------

function paintRelationships(data, token) {
  const focus = app.state.focus;
  const byScore = app.state.colour === "score";
  const fills = { [focus]: TIER_COLOURS.focus };
  const descriptions = { [focus]: "Focus country" };
  const counts = {};
  for (const partner of data.partners) {
    const iso2 = partner.country.iso2;
    const key = byScore ? scoreBand(partner.score).colour : partner.tier;
    counts[key] = (counts[key] || 0) + 1;
    fills[iso2] = byScore ? key : TIER_COLOURS[partner.tier];
    descriptions[iso2] = `${partner.tier_label} with ${data.country.name} · score ${partner.score}`;
  }
  app.layer.paint({ fills, descriptions, fallback: `No recorded tie with ${data.country.name}`, labels: labelMap() });
  const bands = byScore
    ? SCORE_BANDS.map((band) => ({ colour: band.colour, text: `${bandLabel(band)} (${counts[band.colour] || 0})` }))
    : data.tiers.map((t) => ({ colour: TIER_COLOURS[t.tier], text: `${t.label} (${counts[t.tier] || 0})` }));
  renderLegend({
    title: byScore ? "Score of ties with" : "Tie with",
    subject: data.country.name,
    note: [`On ${formatDate(data.as_of, "day")}.`, filterNote()].filter(Boolean).join(" "),
    items: [
      { colour: TIER_COLOURS.focus, text: `${data.country.name} (focus)` },
      ...bands,
      { colour: TIER_COLOURS.none, text: "No recorded tie" },
      { colour: TIER_COLOURS.neutral, text: "Disputed or unassigned" },
    ],
  });
  app.list.render({
    title: `Ties with ${data.country.name} on ${formatDate(data.as_of, "day")}`,
    columns: ["Strongest tie", "Score"],
    rows: data.partners.map((p) => ({ iso2: p.country.iso2, name: p.country.name, cells: [p.tier_label, String(p.score)] })),
    empty: "No recorded relationships on this date.",
  });
  setMapStatus(data.partners.length ? "" : "No recorded relationships on this date.");
  document.body.dataset.coloured = `${token}:${data.as_of}`;
}

function paintOrganisation(organisation, token) {
  const label = organisation.short_name || organisation.name;
  const fills = {};
  const descriptions = {};
  const counts = {};
  for (const member of organisation.members) {
    const iso2 = member.country.iso2;
    fills[iso2] = ROLE_COLOURS[member.role] || TIER_COLOURS.neutral;
    counts[member.role] = (counts[member.role] || 0) + 1;
    const since = member.joined_on ? ` since ${formatDate(member.joined_on, member.joined_on_precision)}` : "";
    descriptions[iso2] = `${capitalise(ROLE_LABELS[member.role] || member.role)} of ${label}${since}`;
  }
  app.layer.paint({ fills, descriptions, fallback: `Not a member or partner of ${label}`, labels: labelMap() });
  const roles = config.roles.filter((role) => counts[role.value]);
  renderLegend({
    title: "Role in",
    subject: label,
    note: `On ${formatDate(organisation.as_of, "day")}.`,
    items: [
      ...roles.map((role) => ({ colour: ROLE_COLOURS[role.value], text: `${capitalise(role.label)} (${counts[role.value]})` })),
      { colour: TIER_COLOURS.none, text: "Not a member or partner" },
      { colour: TIER_COLOURS.neutral, text: "Disputed or unassigned" },
    ],
  });
  app.list.render({
    title: `${label} on ${formatDate(organisation.as_of, "day")}`,
    columns: ["Role", "Dates"],
    rows: sortMembers(organisation.members).map((m) => ({
      iso2: m.country.iso2,
      name: m.country.name,
      cells: [ROLE_LABELS[m.role] || m.role, m.joined_on ? `joined ${formatDate(m.joined_on, m.joined_on_precision)}` : ""],
    })),
    empty: "No recorded members on this date.",
  });
  setMapStatus(organisation.members.length ? "" : "No recorded members on this date.");
  document.body.dataset.coloured = `${token}:${organisation.as_of}`;
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function labelMap() {
  return Object.fromEntries([...app.countries].map(([iso2, c]) => [iso2, c.name]));
}

function paintToken() {
  const s = app.state;
  if (s.org) return `org:${s.org}`;
  return `${s.colour || "tier"}:${s.focus}${isFiltered() ? `:${FILTERS.map((f) => s[f] || "").join(",")}` : ""}`;
}

async function paint() {
  const token = paintToken();
  const key = `${token}|${app.state.as_of || ""}`;
  if (key === app.painted) return;
  app.painted = key;
  delete document.body.dataset.coloured;
  setMapStatus("Loading…");
  try {
    if (app.state.org) {
      const organisation = await cachedJSON(organisationUrl(app.state.org));
      if (app.painted === key) paintOrganisation(organisation, token);
    } else {
      // view=tiers: each partner's tier and score without its ties, a fraction of the bytes.
      const data = await cachedJSON(relationshipsUrl(app.state.focus, { view: "tiers" }));
      if (app.painted === key) paintRelationships(data, token);
    }
  } catch (error) {
    if (app.painted !== key) return;
    app.painted = null; // so that the next change tries again
    setMapStatus(error.message, "error");
    app.list.render({ title: "List view", columns: [], rows: [], empty: error.message });
  }
}

// --- the panel -----------------------------------------------------------------

async function showPanel() {
  const { country, partner, org } = app.state;
  app.layer.select(country, partner);
  countryPicker.value = country ? nameOf(country) : "";
  const organisation = org ? app.organisations.get(org) : null;
  const key = JSON.stringify([country, partner, org, app.state.as_of, filterParams()]);
  app.panelKey = key;
  delete document.body.dataset.panel;
  const done = (label) => {
    if (app.panelKey !== key) return false;
    document.body.dataset.panel = label;
    if (app.focusPanel) {
      app.focusPanel = false;
      app.panel.heading.focus();
    }
    return true;
  };
  try {
    if (!country && organisation) {
      app.panel.loading(organisation.name);
      const data = await cachedJSON(organisationUrl(org));
      if (app.panelKey === key) app.panel.showOrganisation(data);
      done(`org:${org}`);
    } else if (country && partner) {
      app.panel.loading(`${nameOf(country)} and ${nameOf(partner)}`);
      const data = await cachedJSON(relationshipsUrl(country, { partner }));
      if (app.panelKey === key) app.panel.showPair(data, { iso2: partner, name: nameOf(partner) }, { organisation });
      done(`pair:${country}:${partner}`);
    } else if (country) {
      app.panel.loading(nameOf(country));
      const data = await cachedJSON(relationshipsUrl(country));
      if (app.panelKey === key) {
        app.panel.show(data, { isFocus: !org && country === app.state.focus, filtered: isFiltered(), organisation });
      }
      done(`country:${country}`);
    } else {
      app.panel.empty();
      done("none");
    }
  } catch (error) {
    if (app.panelKey !== key) return;
    app.panel.error(error.message);
    done("error");
  }
}

// --- state -----------------------------------------------------------------------

function syncControls() {
  const s = app.state;
  focusPicker.value = s.focus;
  organisationPicker.value = app.organisations.has(s.org) ? s.org : "";
  asOfInput.value = s.as_of || "";
  const year = (s.as_of || today()).slice(0, 4);
  yearInput.value = year;
  yearOutput.textContent = year;
  for (const name of FILTERS) filterInputs[name].value = s[name] || "";
  colourMode.value = s.colour || "tier";
  colourMode.disabled = Boolean(s.org);
  const active = FILTERS.filter((name) => s[name]).length;
  $("filters-summary").textContent = active ? `(${active} on)` : "";
  listToggle.setAttribute("aria-pressed", String(s.view === "list"));
  app.list.toggle(s.view === "list");
}

function render() {
  syncControls();
  paint();
  showPanel();
}

function update(changes, { focusPanel = false } = {}) {
  app.state = { ...app.state, ...changes };
  for (const key of Object.keys(app.state)) if (!app.state[key]) delete app.state[key];
  if (!app.state.country) delete app.state.partner;
  app.focusPanel = focusPanel;
  writeState(app.state);
  render();
}

function yearToDate(year) {
  const now = today();
  let monthDay = (app.state.as_of || now).slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (monthDay === "02-29" && !leap) monthDay = "02-28";
  const date = `${year}-${monthDay}`;
  return date === now ? undefined : date;
}

function pickCountry() {
  const text = countryPicker.value.trim().toLowerCase();
  if (!text) return update({ country: undefined });
  const match = [...app.countries.values()].find((c) =>
    c.is_state && (c.name.toLowerCase() === text || c.iso2.toLowerCase() === text));
  if (match) update({ country: match.iso2, partner: undefined }, { focusPanel: false });
  else app.panel.error(`No country called “${countryPicker.value.trim()}”. Choose a name from the list.`);
}

async function start(map) {
  app.panel = new Panel({
    onFocus: (iso2) => update({ focus: iso2, org: undefined }, { focusPanel: true }),
    onSelect: (iso2) => update({ country: iso2, partner: undefined }, { focusPanel: true }),
    onPair: (iso2) => update({ partner: iso2 }, { focusPanel: true }),
    onClear: () => update({ country: undefined }, { focusPanel: true }),
  });
  app.list = new ListView({
    onSelect: (iso2) => update({ country: iso2, partner: undefined }, { focusPanel: true }),
  });
  setMapStatus("Loading the map…");
  try {
    const [topology, countries, organisations] = await Promise.all([
      getJSON(config.api.boundaries),
      getJSON(config.api.countries),
      getJSON(config.api.organisations),
    ]);
    for (const country of countries) app.countries.set(country.iso2, country);
    for (const organisation of organisations) app.organisations.set(organisation.slug, organisation);
    if (!app.countries.has(app.state.focus)) app.state.focus = config.defaultFocus;
    if (app.state.org && !app.organisations.has(app.state.org)) delete app.state.org;
    fillControls();
    app.layer = new CountryLayer(map, topology, {
      onSelect: (iso2) => update({ country: iso2, partner: undefined }),
    });
  } catch (error) {
    setMapStatus(`The map could not load: ${error.message}`, "error");
    return;
  }
  controls.addEventListener("submit", (event) => event.preventDefault());
  focusPicker.addEventListener("change", () => update({ focus: focusPicker.value, org: undefined }));
  organisationPicker.addEventListener("change", () => update({ org: organisationPicker.value, country: undefined }));
  countryPicker.addEventListener("change", pickCountry);
  countryPicker.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      pickCountry();
    }
  });
  asOfInput.addEventListener("change", () => {
    if (!asOfInput.value || asOfInput.validity.valid) update({ as_of: asOfInput.value || undefined });
  });
  yearInput.addEventListener("input", () => { yearOutput.textContent = yearInput.value; });
  yearInput.addEventListener("change", () => update({ as_of: yearToDate(Number(yearInput.value)) }));
  for (const name of FILTERS) {
    filterInputs[name].addEventListener("change", () => update({ [name]: filterInputs[name].value }));
  }
  colourMode.addEventListener("change", () => update({ colour: colourMode.value === "score" ? "score" : undefined }));
  listToggle.addEventListener("click", () => update({ view: app.state.view === "list" ? undefined : "list" }));
  window.addEventListener("popstate", () => {
    app.state = readState(defaults());
    if (app.state.org && !app.organisations.has(app.state.org)) delete app.state.org;
    render();
  });
  writeState(app.state, { replace: true });
  render();
}

window.addEventListener("map:init", (event) => start(event.detail.map));
