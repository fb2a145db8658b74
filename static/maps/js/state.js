// The whole view lives in the URL: focus, selected country and date.

const KEYS = ["focus", "country", "as_of"];

export function readState(defaults) {
  const params = new URLSearchParams(window.location.search);
  const state = { ...defaults };
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  if (state.focus) state.focus = state.focus.toUpperCase();
  if (state.country) state.country = state.country.toUpperCase();
  if (state.as_of && !/^\d{4}-\d{2}-\d{2}$/.test(state.as_of)) delete state.as_of;
  return state;
}

export function writeState(state, { replace = false } = {}) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (state[key]) params.set(key, state[key]);
  }
  const url = `${window.location.pathname}?${params}`;
  if (url === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(state, "", url);
  else window.history.pushState(state, "", url);
}
