// Wires the page together: config from json_script, state from the URL,
// boundaries once, then only the small payload the current colouring and the
// panel need. What each colouring draws is in colourings.js.

import { cachedGetter, getJSON } from "./api.js";
import { ChangesSection } from "./changes.js";
import { COLOUR_OPTIONS, colouringFor } from "./colourings.js";
import { Controls } from "./controls.js";
import { formatDate, today } from "./dates.js";
import { foldable } from "./fold.js";
import { emphasisCountry, exercisePeriod, featuresUrl, forcesLegend, markerRows } from "./forces.js";
import { ForcesLayer } from "./forcesmap.js";
import { capitalise, Labels } from "./labels.js";
import { lastRequestWins } from "./latest.js";
import { renderForcesLegend, renderLegend } from "./legend.js";
import { ListView } from "./listview.js";
import { CountryLayer } from "./map.js";
import { Panel } from "./panel.js";
import { Share } from "./share.js";
import { applyChanges, badDate, FILTERS, filterParams, isFiltered, readState, writeState } from "./state.js";
import { apiUrls } from "./urls.js";

const config = JSON.parse(document.getElementById("map-config").textContent);
const labels = new Labels(config.vocabularies);
const urls = apiUrls(config.api);
const cachedJSON = cachedGetter();
const mapStatus = document.getElementById("map-status");
const stateOptions = { colours: COLOUR_OPTIONS.slice(1).map((c) => c.value) };
const defaults = () => ({ focus: config.defaultFocus });

const app = {
  state: readState(defaults(), stateOptions),
  countries: new Map(),
  organisations: new Map(),
  controls: new Controls(),
  painting: lastRequestWins(),
  showing: lastRequestWins(),
  layer: null,
  forces: null,
  panel: null,
  changes: null,
  list: null,
  share: null,
  focusPanel: false,
  notice: "", // said on the map until the next change of view (a bad date in the link)
};

function setMapStatus(text, kind = "") {
  mapStatus.textContent = text;
  mapStatus.classList.toggle("error", kind === "error");
}

function nameOf(iso2) {
  const country = app.countries.get(iso2);
  return country ? country.name : iso2;
}

function labelMap() {
  return Object.fromEntries([...app.countries].map(([iso2, c]) => [iso2, c.name]));
}

// --- the map, the legend and the list view: drawn by the current colouring ----

async function paint() {
  const colouring = colouringFor(app.state);
  const token = colouring.token(app.state);
  const key = `${token}|${app.state.as_of || ""}`;
  if (app.painting.is(key)) return;
  const isLatest = app.painting.start(key);
  delete document.body.dataset.coloured;
  setMapStatus("Loading…");
  try {
    const data = await cachedJSON(colouring.url(app.state, urls));
    if (!isLatest()) return;
    const drawn = colouring.draw(data, { state: app.state, labels });
    app.layer.paint({
      fills: drawn.fills,
      descriptions: drawn.descriptions,
      unverified: drawn.unverified,
      fallback: drawn.fallback,
      labels: labelMap(),
    });
    renderLegend(drawn.legend);
    app.list.render(drawn.list);
    setMapStatus(drawn.status || app.notice);
    document.body.dataset.coloured = `${token}:${drawn.asOf}`;
  } catch (error) {
    if (!isLatest()) return;
    app.painting.reset(); // so that the next change tries again
    setMapStatus(error.message, "error");
    app.list.render({ title: "List view", columns: [], rows: [], empty: error.message });
  }
}

// --- the forces layer: presences and exercises over the coloured map ------------

const layersOn = () => Boolean(app.state.forces || app.state.exercises);

function forcesSources() {
  return [
    {
      name: "presences",
      url: (view, zoom) => (app.state.forces ? featuresUrl(config.api.presences, app.state, view, zoom) : null),
    },
    {
      name: "exercises",
      url: (view, zoom) =>
        app.state.exercises
          ? featuresUrl(config.api.exercises, app.state, view, zoom, {
              as_of: undefined,
              ...exercisePeriod(app.state.as_of || today()),
            })
          : null,
    },
  ];
}

function describeMarker(type, p) {
  if (type === "exercise") return [p.name, `Exercise · ${(p.hosts || []).map(nameOf).join(", ")}`];
  const operators = (p.operators || []).map(nameOf).join(", ") || p.organisation || "";
  return [p.name, `${labels.of("presence_kind", p.kind)} · ${operators} in ${nameOf(p.host)}`];
}

const pick = (type, key) => update({ [type]: key }, { focusPanel: true });

function drawForces() {
  const { presence, exercise } = app.state;
  const selected = presence ? `presence:${presence}` : exercise ? `exercise:${exercise}` : null;
  app.forces.emphasise(emphasisCountry(app.state), selected);
  app.forces.refresh();
  renderForcesLegend(forcesLegend(labels, { presences: app.state.forces, exercises: app.state.exercises }));
}

// --- the panel -----------------------------------------------------------------

// The panel's "Forces and exercises" for a country, after its relationships.
async function showForcesOf(country, isLatest) {
  delete document.body.dataset.panelForces;
  try {
    const data = await cachedJSON(urls.forces(country, app.state));
    if (!isLatest()) return;
    app.panel.showForces(data);
  } catch (error) {
    if (!isLatest()) return;
    app.panel.forcesError(error.message);
  }
  document.body.dataset.panelForces = country;
}

function backToCountry() {
  const { country } = app.state;
  return country
    ? {
        text: `Back to ${nameOf(country)}`,
        onClick: () => update({ presence: undefined, exercise: undefined }, { focusPanel: true }),
      }
    : null;
}

async function showPanel() {
  const { country, partner, org } = app.state;
  app.layer.select(country, partner);
  const organisation = org ? app.organisations.get(org) : null;
  const { presence, exercise } = app.state;
  const isLatest = app.showing.start(
    JSON.stringify([country, partner, org, presence, exercise, app.state.as_of, filterParams(app.state)]),
  );
  delete document.body.dataset.panel;
  app.changes.clear();
  const period = { asOf: app.state.as_of, since: app.state.since };
  const done = (label) => {
    if (!isLatest()) return;
    document.body.dataset.panel = label;
    if (app.focusPanel) {
      app.focusPanel = false;
      app.panel.heading.focus();
    }
  };
  try {
    if (app.state.presence) {
      app.panel.loading("Presence");
      const data = await cachedJSON(urls.presence(app.state.presence));
      if (isLatest()) app.panel.showPresence(data, { back: backToCountry() });
      done(`presence:${app.state.presence}`);
    } else if (app.state.exercise) {
      app.panel.loading("Exercise");
      const data = await cachedJSON(urls.exercise(app.state.exercise));
      if (isLatest()) app.panel.showExercise(data, { back: backToCountry() });
      done(`exercise:${app.state.exercise}`);
    } else if (!country && organisation) {
      app.panel.loading(organisation.name);
      const data = await cachedJSON(urls.organisation(org, app.state));
      if (isLatest()) {
        app.panel.showOrganisation(data);
        app.changes.show(
          { kind: "organisation", key: org, name: organisation.short_name || organisation.name },
          period,
        );
      }
      done(`org:${org}`);
    } else if (country && partner) {
      app.panel.loading(`${nameOf(country)} and ${nameOf(partner)}`);
      const data = await cachedJSON(urls.relationships(country, app.state, { partner }));
      if (isLatest()) app.panel.showPair(data, { iso2: partner, name: nameOf(partner) }, { organisation });
      done(`pair:${country}:${partner}`);
    } else if (country) {
      app.panel.loading(nameOf(country));
      const data = await cachedJSON(urls.relationships(country, app.state));
      if (isLatest()) {
        const isFocus = !org && country === app.state.focus;
        const focus = { iso2: app.state.focus, name: nameOf(app.state.focus) };
        app.panel.show(data, { isFocus, filtered: isFiltered(app.state), organisation, focus });
        app.changes.show({ kind: "country", key: country, name: nameOf(country) }, period);
      }
      done(`country:${country}`);
      if (isLatest()) showForcesOf(country, isLatest);
    } else {
      app.panel.empty();
      done("none");
    }
  } catch (error) {
    if (!isLatest()) return;
    app.panel.error(error.message);
    done("error");
  }
}

// --- downloads and the link ----------------------------------------------------

// What a drawing of the map says beside its legend: the date, the filters,
// where it comes from; and the name its files take.
function describeView() {
  const { state } = app;
  const date = state.as_of || today();
  const filters = FILTERS.filter((name) => state[name]).map(
    (name) => `${capitalise(name)}: ${labels.of(name, state[name])}`,
  );
  if (state.verified) filters.push("verified only");
  const organisation = state.org && app.organisations.get(state.org);
  const since = state.since && !organisation ? state.since : null;
  const attribution = document.querySelector(".leaflet-control-attribution")?.textContent.trim();
  return {
    name: `defence-map-${organisation ? organisation.slug : state.focus}${since ? `-since-${since}` : ""}-${date}`,
    lines: [
      `As of ${formatDate(date, "day")}. ${since ? `Changes since ${formatDate(since, "day")}. ` : ""}${filters.length ? `Filters: ${filters.join("; ")}.` : "No filters."}`,
      `${document.title}: ${window.location.href}`,
      attribution || "Boundaries: Natural Earth",
    ],
  };
}

// --- state -----------------------------------------------------------------------

function render() {
  app.controls.sync(app.state, { organisations: app.organisations, countryName: nameOf });
  app.list.toggle(app.state.view === "list");
  if (!layersOn()) app.list.renderForces(null);
  drawForces();
  app.share?.update({ csv: urls.agreementsCsv(app.state, today()), geojson: urls.geojson(app.state) });
  paint();
  showPanel();
}

// replace: change the current history entry instead of adding one (the steps
// of one drag of the year slider).
function update(changes, { focusPanel = false, replace = false } = {}) {
  app.state = applyChanges(app.state, changes);
  app.focusPanel = focusPanel;
  app.notice = "";
  writeState(app.state, { replace });
  render();
}

function findCountry(text) {
  const lower = text.toLowerCase();
  return [...app.countries.values()].find(
    (c) => c.is_state && (c.name.toLowerCase() === lower || c.iso2.toLowerCase() === lower),
  );
}

// A link whose as_of (or since) is not a date still draws the map, for today
// (or by tier), and says so.
function noticeBadDate() {
  const bad = badDate(window.location.search);
  const since = badDate(window.location.search, "since");
  app.notice = [
    bad ? `The link’s date “${bad}” is not a date: showing today instead.` : "",
    since ? `The link’s “changes since” date “${since}” is not a date: showing the ties instead.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

async function start(map) {
  foldable(document.getElementById("sheet-toggle"), document.getElementById("panel"));
  foldable(document.getElementById("legend-toggle"), document.getElementById("legend"));
  app.panel = new Panel({
    labels,
    records: config.records,
    onFocus: (iso2) => update({ focus: iso2, org: undefined }, { focusPanel: true }),
    onSelect: (iso2) => update({ country: iso2, partner: undefined }, { focusPanel: true }),
    onPair: (iso2, country) => update(country ? { country, partner: iso2 } : { partner: iso2 }, { focusPanel: true }),
    onClear: () => update({ country: undefined }, { focusPanel: true }),
    onPresence: (key) => pick("presence", key),
    onExercise: (key) => pick("exercise", key),
    agreementUrl: (id) => `${config.api.agreements}${id}/`,
  });
  app.changes = new ChangesSection({
    container: document.getElementById("panel-changes"),
    records: config.records,
    labels,
    url: urls.changes,
    get: cachedJSON,
    onDone: (key) => {
      document.body.dataset.panelChanges = key;
    },
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
    app.controls.fill({
      countries: app.countries,
      organisations: app.organisations,
      labels,
      colourOptions: COLOUR_OPTIONS,
    });
    app.layer = new CountryLayer(map, topology, {
      onSelect: (iso2) => update({ country: iso2, partner: undefined }),
    });
    app.forces = new ForcesLayer(map, {
      sources: forcesSources(),
      describe: describeMarker,
      onPick: (type, key) => update({ [type]: key }),
      onDrawn: (features) => app.list.renderForces(layersOn() ? markerRows(features, labels, nameOf) : null, pick),
      onError: (error) => setMapStatus(`The forces layer could not load: ${error.message}`, "error"),
    });
    app.share = new Share({ map, describe: describeView });
  } catch (error) {
    setMapStatus(`The map could not load: ${error.message}`, "error");
    return;
  }
  app.controls.listen({
    update,
    state: () => app.state,
    findCountry,
    onUnknownCountry: (text) => app.panel.error(`No country called “${text}”. Choose a name from the list.`),
  });
  window.addEventListener("popstate", () => {
    app.controls.stopPlaying();
    noticeBadDate();
    app.state = readState(defaults(), stateOptions);
    if (app.state.org && !app.organisations.has(app.state.org)) delete app.state.org;
    render();
  });
  noticeBadDate();
  writeState(app.state, { replace: true });
  render();
}

window.addEventListener("map:init", (event) => start(event.detail.map));
