// The whole view lives in the URL: focus, organisation, selection, date,
// filters, colour mode and list view. Anything else in the query is dropped.

export const FILTERS = ["kind", "domain", "obligation"];
const KEYS = ["focus", "org", "country", "partner", "as_of", ...FILTERS, "colour", "view"];
const UPPER = ["focus", "country", "partner"];

export function readState(defaults) {
  const params = new URLSearchParams(window.location.search);
  const state = { ...defaults };
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  for (const key of UPPER) if (state[key]) state[key] = state[key].toUpperCase();
  if (state.as_of && !/^\d{4}-\d{2}-\d{2}$/.test(state.as_of)) delete state.as_of;
  if (state.colour !== "score") delete state.colour;
  if (state.view !== "list") delete state.view;
  if (!state.country) delete state.partner;
  return state;
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
