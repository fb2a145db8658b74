// The whole view lives in the URL: focus, organisation, selection, date,
// changes since a date, filters, colour mode, list view, the forces and exercises layers and a
// presence or exercise shown in the panel. Anything else in the query is dropped.
// `verified=1` ("Verified only") leaves unverified records out, like a filter.

import { isDate } from "./dates.js";

export const FILTERS = ["kind", "domain", "obligation"];
export const LAYERS = ["forces", "exercises"];
// What the panel shows instead of a country: one presence or exercise edition.
const ITEMS = ["presence", "exercise"];
// since: the map colours the ties with the focus that rose or fell from that date to as_of.
const KEYS = [
  "focus",
  "org",
  "country",
  "partner",
  "as_of",
  "since",
  ...FILTERS,
  "verified",
  "colour",
  "view",
  ...LAYERS,
  ...ITEMS,
];
const UPPER = ["focus", "country", "partner"];

// The state a query string describes. `colours`: the colour modes the URL may
// name (the default one is left out of URLs).
export function parseState(search, defaults, { colours = [] } = {}) {
  const params = new URLSearchParams(search);
  const state = { ...defaults };
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  for (const key of UPPER) if (state[key]) state[key] = state[key].toUpperCase();
  for (const key of ["as_of", "since"]) if (state[key] && !isDate(state[key])) delete state[key];
  if (!colours.includes(state.colour)) delete state.colour;
  if (state.view !== "list") delete state.view;
  if (!state.country) delete state.partner;
  for (const key of [...LAYERS, "verified"]) if (state[key] !== "1") delete state[key];
  for (const key of ITEMS) if (state[key] && !/^[\w.:-]{1,200}$/.test(state[key])) delete state[key];
  if (state.presence) delete state.exercise;
  return state;
}

// The as_of (or `key`: since) a query string names when it is not a date
// (dropped by parseState), so that the page can say why it does not use it.
export function badDate(search, key = "as_of") {
  const value = new URLSearchParams(search).get(key);
  return value && !isDate(value) ? value : undefined;
}

export function readState(defaults, options) {
  return parseState(window.location.search, defaults, options);
}

export function writeState(state, { replace = false } = {}) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (state[key]) params.set(key, state[key]);
  }
  const url = `${window.location.pathname}?${params}`;
  if (url === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
}

// The state after `changes`: empty values dropped, no partner without a
// country; choosing a country, partner or organisation closes the presence or
// exercise the panel showed, and opening one closes the other.
export function applyChanges(state, changes) {
  const next = { ...state, ...changes };
  const selects = ["country", "partner", "org"].some((key) => key in changes);
  for (const key of ITEMS) {
    if ((selects && !(key in changes)) || ITEMS.some((other) => other !== key && changes[other])) delete next[key];
  }
  for (const key of Object.keys(next)) if (!next[key]) delete next[key];
  if (!next.country) delete next.partner;
  return next;
}

// The API's parameters for the filters in use (`verified=true` for "Verified only").
export function filterParams(state) {
  return {
    ...Object.fromEntries(FILTERS.map((name) => [name, state[name]])),
    verified: state.verified ? "true" : undefined,
  };
}

export function isFiltered(state) {
  return Boolean(state.verified) || FILTERS.some((name) => state[name]);
}
