// The panel's "What changed": between two dates, the agreements a country (or
// an organisation) signed, brought into force or ended, and the accessions and
// withdrawals, each dated and linked to its record page; for a country, the
// partners whose tier with it rose or fell. From the API's
// /api/countries/{iso2}/changes/ and /api/organisations/{slug}/changes/.
// Folded by default: it asks the server only once opened, so a click on the
// map fills the panel as fast as before. DOM nodes and textContent only.

import { formatDate, isDate, today } from "./dates.js";
import { el } from "./dom.js";
import { lastRequestWins } from "./latest.js";

const EVENTS = {
  signed: "Signed",
  entered_into_force: "Entered into force",
  ended: "Ended",
  joined_agreement: "Joined the agreement",
  left_agreement: "Left the agreement",
  joined: "Accession",
  left: "Withdrawal",
};

function yearBefore(date) {
  const [year, month, day] = date.split("-");
  const leap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDay = month === "02" && day === "29" && !leap(Number(year) - 1) ? "02-28" : `${month}-${day}`;
  return `${Number(year) - 1}-${monthDay}`;
}

// The default period: to the as-of date (the slider's), from the map's
// "Changes since" date when there is one before it, else a year earlier.
export function changesPeriod({ asOf, since }, now = today()) {
  const to = asOf || now;
  const from = since && since <= to ? since : yearBefore(to);
  return { from, to };
}

// One event as the panel lists it: {date, what, title, href, country}, with
// `records` the record pages' base paths (an href is null without them).
export function describeEvent(event, records = {}) {
  const base = event.record_type === "agreement" ? records.agreements : records.organisations;
  const page = (root, key) => (root && key ? `${root}${encodeURIComponent(key)}/` : null);
  return {
    date: formatDate(event.date, event.precision),
    what: EVENTS[event.event] || event.event,
    title: event.title,
    href: page(base, event.key),
    country: event.country ? { name: event.country.name, href: page(records.countries, event.country.iso2) } : null,
  };
}

function link(text, href) {
  if (!href) return el("span", text);
  const a = el("a", text, "record-link");
  a.href = href;
  return a;
}

function dateField(id, text) {
  const wrapper = el("div", null, "control");
  const label = el("label", text);
  label.htmlFor = id;
  const input = el("input");
  input.type = "date";
  input.id = id;
  input.min = "1900-01-01";
  input.max = "2100-12-31";
  wrapper.append(label, input);
  return { wrapper, input };
}

export class ChangesSection {
  // container: the panel's element for it; records: record pages' base paths;
  // labels: the server's vocabularies; url(kind, key, period): the API's
  // address; get(url): its JSON; onDone(label): said when drawn (for tests).
  constructor({ container, records, labels, url, get, onDone = () => {} }) {
    this.container = container;
    this.records = records;
    this.labels = labels;
    this.url = url;
    this.get = get;
    this.onDone = onDone;
    this.loading = lastRequestWins();
    this.wasOpen = false;
  }

  clear() {
    this.subject = null;
    this.loading.start(null);
    this.container.replaceChildren();
  }

  // subject: {kind ("country" or "organisation"), key, name}; view: {asOf, since}.
  show(subject, view) {
    // Redrawn for the same view (a layer switched on), it keeps the dates typed in.
    const same = JSON.stringify([subject.kind, subject.key, view.asOf, view.since]);
    const period = same === this.same && this.from ? { from: this.from.value, to: this.to.value } : changesPeriod(view);
    this.same = same;
    this.subject = subject;
    const details = el("details", null, "changes-section");
    details.id = "what-changed";
    details.append(el("summary", "What changed"));
    const form = el("div", null, "changes-period");
    const from = dateField("changes-from", "From");
    const to = dateField("changes-to", "To");
    from.input.value = period.from;
    to.input.value = period.to;
    form.append(from.wrapper, to.wrapper);
    this.status = el("p", null, "status");
    this.status.setAttribute("role", "status");
    this.list = el("div", null, "changes-list");
    details.append(form, this.status, this.list);
    this.from = from.input;
    this.to = to.input;
    for (const input of [this.from, this.to]) input.addEventListener("change", () => this.load());
    details.addEventListener("toggle", () => {
      this.wasOpen = details.open;
      if (details.open) this.load();
    });
    this.container.replaceChildren(details);
    // Left open, it stays open (and answers) for the next country or organisation.
    details.open = this.wasOpen;
  }

  async load() {
    const subject = this.subject;
    if (!subject) return;
    const from = this.from.value;
    const to = this.to.value;
    if (!isDate(from) || !isDate(to)) {
      this.say("Give both dates, as full dates.", true);
      return;
    }
    if (from > to) {
      this.say("The first date must not be after the second.", true);
      return;
    }
    const key = `${subject.kind}:${subject.key}:${from}:${to}`;
    const isLatest = this.loading.start(key);
    this.say("Loading…");
    try {
      const data = await this.get(this.url(subject.kind, subject.key, { from, to }));
      if (!isLatest()) return;
      this.render(data, subject);
    } catch (error) {
      if (!isLatest()) return;
      this.list.replaceChildren();
      this.say(error.message, true);
    }
    if (isLatest()) this.onDone(key);
  }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle("error", isError);
  }

  render(data, subject) {
    const period = `between ${formatDate(data.from, "day")} and ${formatDate(data.to, "day")}`;
    const events = data.events || [];
    const changes = (data.tier_changes || []).filter((c) => c.change === "rose" || c.change === "fell");
    const parts = [];
    if (events.length) {
      const list = el("ol", null, "changes-events");
      list.append(...events.map((event) => this.eventItem(describeEvent(event, this.records))));
      parts.push(list);
    }
    if (changes.length) {
      parts.push(el("h4", `Ties with ${subject.name} that rose or fell`));
      const list = el("ul", null, "changes-tiers");
      const tier = (code) => (code ? this.labels.of("tier", code) : "no tie");
      list.append(
        ...changes.map((c) => {
          const li = el("li", null, `tier-${c.change}`);
          li.dataset.iso2 = c.partner.iso2;
          li.append(
            link(c.partner.name, this.records.countries && `${this.records.countries}${c.partner.iso2}/`),
            el("span", ` ${c.change}: ${tier(c.tier_before)} → ${tier(c.tier_after)}`),
          );
          return li;
        }),
      );
      parts.push(list);
    }
    this.list.replaceChildren(...parts);
    const count = events.length === 1 ? "1 change" : `${events.length} changes`;
    this.say(events.length || changes.length ? `${count} ${period}.` : `Nothing recorded changed ${period}.`);
  }

  eventItem({ date, what, title, href, country }) {
    const li = el("li", null, "change");
    li.append(el("span", date, "change-date"), " ", el("span", what, "change-what"), " ");
    if (country) li.append(link(country.name, country.href), ", ");
    li.append(link(title, href));
    return li;
  }
}
