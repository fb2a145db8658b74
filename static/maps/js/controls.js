// The header's controls and the country picker: filled once from the loaded
// data and the server's vocabularies, set from the state on every render, and
// turning each change into a change of state.

import { playStart, today, yearToDate } from "./dates.js";
import { option } from "./dom.js";
import { FILTERS, LAYERS } from "./state.js";

const $ = (id) => document.getElementById(id);
// A year a second: time to see the map change, a century in under two minutes.
const PLAY_STEP_MS = 1000;

export class Controls {
  constructor() {
    this.form = $("controls");
    this.focus = $("focus-picker");
    this.organisation = $("organisation-picker");
    this.country = $("country-picker");
    this.countryNames = $("country-names");
    this.asOf = $("as-of");
    this.year = $("year");
    this.yearOutput = $("year-output");
    this.play = $("play");
    this.timer = null;
    this.since = $("since");
    this.colour = $("colour-mode");
    this.list = $("list-toggle");
    this.filtersSummary = $("filters-summary");
    this.filters = Object.fromEntries(FILTERS.map((name) => [name, $(`filter-${name}`)]));
    this.verified = $("filter-verified");
    this.layers = Object.fromEntries(LAYERS.map((name) => [name, $(`${name}-toggle`)]));
  }

  // countries, organisations: Maps by code; colourOptions: [{value, label}].
  fill({ countries, organisations, labels, colourOptions }) {
    const states = [...countries.values()].filter((c) => c.is_state);
    this.focus.replaceChildren(...states.map((c) => option(c.iso2, c.name)));
    this.countryNames.replaceChildren(...states.map((c) => option(c.name)));
    const sorted = [...organisations.values()].sort((a, b) =>
      (a.short_name || a.name).localeCompare(b.short_name || b.name),
    );
    this.organisation.append(
      ...sorted.map((o) =>
        option(o.slug, o.short_name && o.short_name !== o.name ? `${o.short_name} (${o.name})` : o.name),
      ),
    );
    for (const name of FILTERS) {
      this.filters[name].append(...labels.choices(name).map((c) => option(c.value, c.label)));
    }
    this.colour.replaceChildren(...colourOptions.map((c) => option(c.value, c.label)));
    this.defaultColour = colourOptions[0].value;
    this.year.max = today().slice(0, 4);
  }

  sync(state, { organisations, countryName }) {
    this.focus.value = state.focus;
    this.organisation.value = organisations.has(state.org) ? state.org : "";
    this.country.value = state.country ? countryName(state.country) : "";
    this.asOf.value = state.as_of || "";
    const year = (state.as_of || today()).slice(0, 4);
    this.year.value = year;
    this.yearOutput.textContent = year;
    for (const name of FILTERS) this.filters[name].value = state[name] || "";
    this.since.value = state.since || "";
    this.since.max = state.as_of || today();
    this.since.disabled = Boolean(state.org);
    this.colour.value = state.colour || this.defaultColour;
    this.colour.disabled = Boolean(state.org || state.since);
    this.verified.checked = state.verified === "1";
    const active = FILTERS.filter((name) => state[name]).length + (state.verified ? 1 : 0) + (state.since ? 1 : 0);
    this.filtersSummary.textContent = active ? `(${active} on)` : "";
    this.list.setAttribute("aria-pressed", String(state.view === "list"));
    for (const name of LAYERS) this.layers[name].checked = state[name] === "1";
  }

  // The play button walks the as-of date a year a second from the slider's year
  // (or its start) to today. The whole walk is one history entry, like a drag:
  // its first step adds the entry, the next ones replace it.
  startPlaying(update, state) {
    let year = playStart(Number(this.year.value), Number(this.year.min), Number(this.year.max));
    let first = true;
    const step = () => {
      const last = year >= Number(this.year.max);
      update({ as_of: last ? undefined : yearToDate(year, state().as_of) }, { replace: !first });
      first = false;
      if (last) this.stopPlaying();
      year += 1;
    };
    this.play.textContent = "Pause";
    this.play.dataset.playing = "true";
    this.timer = setInterval(step, PLAY_STEP_MS);
    step();
  }

  stopPlaying() {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = "Play";
    delete this.play.dataset.playing;
  }

  // update(changes) changes the state; state() reads it; findCountry(text)
  // is the country a typed name or code means; onUnknownCountry(text) says so.
  listen({ update, state, findCountry, onUnknownCountry }) {
    const pickCountry = () => {
      const text = this.country.value.trim();
      if (!text) return update({ country: undefined });
      const match = findCountry(text);
      if (!match) onUnknownCountry(text);
      else if (match.iso2 !== state().country || state().partner) update({ country: match.iso2, partner: undefined });
    };
    // A name picked from the list (or typed in full) shows its country at once,
    // while the box has the focus: were the panel rebuilt when the box is left,
    // it would swallow the click or the Tab that leaves it.
    this.country.addEventListener("input", () => {
      const match = findCountry(this.country.value.trim());
      if (match && match.iso2 !== state().country) update({ country: match.iso2, partner: undefined });
    });
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.play.addEventListener("click", () => {
      if (this.timer === null) this.startPlaying(update, state);
      else this.stopPlaying();
    });
    // Touching the slider or any other control stops the walk (before its own
    // change); moving the keyboard focus with Tab does not.
    const stopUnlessPlay = (event) => {
      if (event.target !== this.play && event.key !== "Tab") this.stopPlaying();
    };
    for (const type of ["pointerdown", "keydown"]) {
      this.form.addEventListener(type, stopUnlessPlay, true);
      document.getElementById("panel").addEventListener(type, stopUnlessPlay, true);
    }
    this.focus.addEventListener("change", () => update({ focus: this.focus.value, org: undefined }));
    this.organisation.addEventListener("change", () => update({ org: this.organisation.value, country: undefined }));
    this.country.addEventListener("change", pickCountry);
    this.country.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        pickCountry();
      }
    });
    this.asOf.addEventListener("change", () => {
      if (!this.asOf.value || this.asOf.validity.valid) update({ as_of: this.asOf.value || undefined });
    });
    // One drag of the slider, or one run of arrow keys, is one history entry:
    // its first step adds the entry, the next ones replace it. A new drag, or
    // leaving the slider, starts a new entry.
    let sliding = false;
    const slide = () => {
      this.yearOutput.textContent = this.year.value;
      update({ as_of: yearToDate(Number(this.year.value), state().as_of) }, { replace: sliding });
      sliding = true;
    };
    this.year.addEventListener("pointerdown", () => {
      sliding = false;
    });
    this.year.addEventListener("blur", () => {
      sliding = false;
    });
    this.year.addEventListener("input", slide);
    this.year.addEventListener("change", slide);
    this.since.addEventListener("change", () => {
      if (!this.since.value || this.since.validity.valid) update({ since: this.since.value || undefined });
    });
    for (const name of FILTERS) {
      this.filters[name].addEventListener("change", () => update({ [name]: this.filters[name].value }));
    }
    this.verified.addEventListener("change", () => update({ verified: this.verified.checked ? "1" : undefined }));
    this.colour.addEventListener("change", () =>
      update({ colour: this.colour.value === this.defaultColour ? undefined : this.colour.value }),
    );
    for (const name of LAYERS) {
      this.layers[name].addEventListener("change", () =>
        update({ [name]: this.layers[name].checked ? "1" : undefined }),
      );
    }
    this.list.addEventListener("click", () => update({ view: state().view === "list" ? undefined : "list" }));
  }
}
