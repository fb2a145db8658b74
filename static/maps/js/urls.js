// The API addresses the page asks for, built from the server's config and the
// view's state. Pure: no DOM, no window.

import { filterParams } from "./state.js";

// `path` with the non-empty `params` as its query string.
export function withParams(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

export function apiUrls(api) {
  return {
    relationships: (iso2, state, extra = {}) =>
      withParams(`${api.countries}${iso2}/relationships/`, {
        as_of: state.as_of,
        ...filterParams(state),
        ...extra,
      }),
    organisation: (slug, state) => withParams(`${api.organisations}${slug}/`, { as_of: state.as_of }),
    // What changed between period.from and period.to: kind "country" (iso2) or "organisation" (slug).
    changes: (kind, key, period) =>
      withParams(`${kind === "country" ? api.countries : api.organisations}${key}/changes/`, {
        from: period.from,
        to: period.to,
      }),
    forces: (iso2, state) => withParams(`${api.countries}${iso2}/forces/`, { as_of: state.as_of }),
    presence: (key) => `${api.presences}${encodeURIComponent(key)}/`,
    exercise: (key) => `${api.exercises}${encodeURIComponent(key)}/`,
    // The view's exports (relationships/api/exports.py), with the same date and
    // filters: the focus's ties as GeoJSON, and as CSV the agreements of the
    // selected country (and partner), of the organisation, or else of the focus.
    geojson: (state) =>
      withParams(`${api.countries}${state.focus}/relationships/`, {
        format: "geojson",
        as_of: state.as_of,
        ...filterParams(state),
      }),
    agreementsCsv: (state, date) =>
      withParams(api.agreements, {
        format: "csv",
        country: state.country || (state.org ? undefined : state.focus),
        partner: state.partner,
        organisation: state.country ? undefined : state.org,
        active_on: state.as_of || date,
        ...filterParams(state),
      }),
  };
}
