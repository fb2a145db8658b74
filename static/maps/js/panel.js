// The side panel: a country's relationships partner by partner (and its
// forces and exercises), the ties between two countries, an organisation's
// members, or one presence or exercise. DOM nodes and textContent only: text
// from the database is never parsed as HTML.

import { agreementDates, formatDate, membershipDates } from "./dates.js";
import { button, el } from "./dom.js";
import { countText, exerciseFacts, presenceFacts, presenceLine } from "./forces.js";
import { capitalise, sortMembers } from "./labels.js";

// The flag stays visible; the editor's note on what is unconfirmed unfolds on demand.
const FIRST_BATCH = 10;
const LATER_BATCH = 40;

function unverifiedFlag(note) {
  const details = el("details", null, "flag-unverified");
  details.append(el("summary", "Unverified"));
  details.append(el("p", note || "A fact of this record is not confirmed by a cited source."));
  return details;
}

function sourceLinks(sources) {
  const wrapper = el("details", null, "sources");
  wrapper.append(el("summary", sources.length === 1 ? "1 source" : `${sources.length} sources`));
  const list = el("ul");
  wrapper.append(list);
  for (const source of sources) {
    const link = el("a", `${source.publisher}: ${source.title}`);
    // Only web addresses become links; anything else (javascript:, data:) stays text.
    if (/^https?:\/\//i.test(source.url)) {
      link.href = source.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
    }
    const item = el("li");
    item.append(link);
    list.append(item);
  }
  return wrapper;
}

// The two sides of a one-way commitment (an agreement party's role; a membership's
// roles are another vocabulary).
const ONE_WAY_ROLES = new Set(["guarantor", "beneficiary"]);

// What the tier rule did to a tie on this date, said where the tie is listed.
// `sides`: {country, partner} names, for "Soviet Union (shown as Russia)".
function caveats(tie, labels, sides = {}) {
  const notes = [];
  if (tie.not_in_force) notes.push("Signed, not in force on this date: counted as a political commitment.");
  if (tie.suspended) notes.push("Suspended between the two on this date: counted as shared membership only.");
  if (ONE_WAY_ROLES.has(tie.role) && tie.partner_role) {
    notes.push(
      `One-way commitment: ${sides.country || "this country"} is ${labels.of("party_role", tie.role)}, ` +
        `${sides.partner || "the partner"} ${labels.of("party_role", tie.partner_role)}.`,
    );
  }
  if (tie.as_state) notes.push(`Party as ${tie.as_state.name} (shown as ${sides.country || "this country"}).`);
  if (tie.partner_as_state) {
    notes.push(`Party as ${tie.partner_as_state.name} (shown as ${sides.partner || "the partner"}).`);
  }
  return notes.map((text) => el("div", text, "meta caveat"));
}

// A link to a record's own page (`records` holds the pages' base paths), or plain text.
function recordLink(text, base, key) {
  if (!base || !key) return el("strong", text);
  const link = el("a", text, "record-link");
  link.href = `${base}${encodeURIComponent(key)}/`;
  const strong = el("strong");
  strong.append(link);
  return strong;
}

// "Replaces X" and "replaced by Y": the instruments before and after this one.
const SUCCEEDED_BY = { amends: "Amended by", replaces: "Replaced by", renews: "Renewed by" };

function successionLines(agreement, labels) {
  const lines = [];
  if (agreement.predecessor) {
    const how = capitalise(labels.of("succession", agreement.predecessor.succession));
    lines.push(`${how} ${agreement.predecessor.label}`);
  }
  if (agreement.successor) {
    lines.push(`${SUCCEEDED_BY[agreement.successor.succession] || "Followed by"} ${agreement.successor.label}`);
  }
  return lines.map((text) => el("div", text, "meta succession"));
}

function agreementItem(agreement, labels, sides, records = {}) {
  const li = el("li", null, "agreement");
  li.append(recordLink(agreement.short_title || agreement.title, records.agreements, agreement.key));
  const meta = [
    capitalise(labels.of("kind", agreement.kind)),
    agreementDates(agreement),
    labels.of("status", agreement.status_on_date),
  ].filter(Boolean);
  li.append(el("div", meta.join(" · "), "meta"));
  if (agreement.obligation) {
    li.append(el("div", `Obligation: ${labels.of("obligation", agreement.obligation)}`, "meta obligation"));
  }
  li.append(...caveats(agreement, labels, sides));
  li.append(...successionLines(agreement, labels));
  if (agreement.unverified) li.append(unverifiedFlag(agreement.note));
  li.append(sourceLinks(agreement.sources));
  return li;
}

function organisationItem(tie, labels, sides, records = {}) {
  const li = el("li", null, "organisation");
  li.append(recordLink(tie.short_name || tie.name, records.organisations, tie.slug));
  const role = (code) => labels.of("role", code);
  const roles =
    tie.role === tie.partner_role ? `both ${role(tie.role)}s` : `${role(tie.role)} / ${role(tie.partner_role)}`;
  li.append(el("span", ` — ${roles}`, "meta"));
  if (tie.obligation) {
    li.append(el("div", `Obligation: ${labels.of("obligation", tie.obligation)}`, "meta obligation"));
  }
  li.append(...caveats(tie, labels, sides));
  return li;
}

// Facts as a description list: {label, value} rows of plain text.
function factList(facts) {
  const dl = el("dl", null, "facts");
  for (const { label, value } of facts) dl.append(el("dt", label), el("dd", value));
  return dl;
}

export class Panel {
  constructor({ labels, records = {}, onFocus, onSelect, onPair, onClear, onPresence, onExercise, agreementUrl }) {
    this.labels = labels;
    this.records = records;
    this.heading = document.getElementById("panel-heading");
    this.intro = document.getElementById("panel-intro");
    this.status = document.getElementById("panel-status");
    this.list = document.getElementById("partners");
    this.actions = document.getElementById("panel-actions");
    this.onFocus = onFocus;
    this.onSelect = onSelect;
    this.onPair = onPair;
    this.onClear = onClear;
    this.onPresence = onPresence;
    this.onExercise = onExercise;
    this.agreementUrl = agreementUrl;
    this.forces = document.getElementById("panel-forces");
  }

  // Every change of the list goes through here, so that a list still being
  // drawn in batches (renderPartners) stops when a newer one replaces it.
  setList(...items) {
    this.renderToken = (this.renderToken || 0) + 1;
    this.list.replaceChildren(...items);
    this.forces.replaceChildren();
    return this.renderToken;
  }

  // A country can have hundreds of partners and over a thousand ties: the
  // first screenful is drawn at once and the rest in later tasks, so that a
  // click answers within a frame or two whatever the size of the answer.
  renderPartners(partners) {
    const token = this.setList(...partners.slice(0, FIRST_BATCH).map((p) => this.partnerItem(p)));
    let next = FIRST_BATCH;
    const more = () => {
      if (token !== this.renderToken || next >= partners.length) return;
      this.list.append(...partners.slice(next, next + LATER_BATCH).map((p) => this.partnerItem(p)));
      next += LATER_BATCH;
      setTimeout(more, 0);
    };
    setTimeout(more, 0);
  }

  loading(name) {
    this.heading.textContent = name;
    this.setStatus("Loading…");
    this.setList();
    this.actions.replaceChildren();
  }

  setStatus(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle("error", isError);
  }

  error(message) {
    this.setStatus(message, true);
  }

  empty() {
    this.heading.textContent = "Select a country";
    this.intro.textContent =
      "Click a country on the map, or choose one below, to list its defence and security relationships.";
    this.actions.replaceChildren();
    this.setList();
    this.setStatus("");
  }

  backTo(organisation) {
    if (organisation)
      this.actions.append(
        button(`Back to ${organisation.short_name || organisation.name} members`, () => this.onClear()),
      );
  }

  show(data, { isFocus, filtered, organisation }) {
    const { country, partners, as_of: asOf } = data;
    this.heading.textContent = country.name;
    this.intro.textContent = `Relationships on ${formatDate(asOf, "day")}${filtered ? ", filtered" : ""}, strongest first. Choose a partner to see only the ties between the two.`;
    this.actions.replaceChildren();
    if (!isFocus)
      this.actions.append(button(`Colour the map by ties with ${country.name}`, () => this.onFocus(country.iso2)));
    this.backTo(organisation);
    this.appendRecordLink(`${country.name}’s record page`, this.records.countries, country.iso2);
    const withOrganisations = data.with_organisations || [];
    this.setStatus(
      partners.length || withOrganisations.length
        ? `${partners.length} partners.`
        : "No recorded relationships on this date.",
    );
    this.country = country;
    this.renderPartners(partners);
    // Agreements with an organisation as a party tie the country to the organisation,
    // not to its members: listed first, apart from the partners.
    this.list.prepend(...withOrganisations.map((listed) => this.withOrganisationItem(listed)));
  }

  withOrganisationItem({ organisation, agreements }) {
    const li = el("li", null, "partner with-organisation");
    li.dataset.organisation = organisation.slug;
    const heading = el("h3");
    heading.append(
      el("span", `With ${organisation.short_name || organisation.name}`, "partner-name"),
      el("span", "An organisation as a party: not a tie with its members", "tier-label"),
    );
    const ties = el("ul", null, "ties");
    const sides = { country: this.country?.name, partner: organisation.short_name || organisation.name };
    ties.append(...agreements.map((a) => agreementItem(a, this.labels, sides, this.records)));
    li.append(heading, ties);
    return li;
  }

  showPair(data, partner, { organisation }) {
    const { country, partners, as_of: asOf } = data;
    this.heading.textContent = `${country.name} and ${partner.name}`;
    this.intro.textContent = `Only the ties between the two on ${formatDate(asOf, "day")}.`;
    this.actions.replaceChildren(
      button(`All of ${country.name}’s relationships`, () => this.onSelect(country.iso2)),
      button(`All of ${partner.name}’s relationships`, () => this.onSelect(partner.iso2)),
    );
    this.backTo(organisation);
    this.setStatus(
      partners.length ? "" : `No recorded relationship between ${country.name} and ${partner.name} on this date.`,
    );
    this.country = country;
    this.setList(...partners.map((p) => this.partnerItem(p, { pairwise: true })));
  }

  showOrganisation(organisation) {
    this.heading.textContent = organisation.name;
    const obligation = organisation.obligation
      ? ` Obligation: ${this.labels.of("obligation", organisation.obligation)}.`
      : "";
    this.intro.textContent = `Members and partners on ${formatDate(organisation.as_of, "day")}.${obligation} Choose one for its relationships.`;
    this.actions.replaceChildren();
    this.appendRecordLink(
      `${organisation.short_name || organisation.name}’s record page`,
      this.records.organisations,
      organisation.slug,
    );
    const members = sortMembers(organisation.members, this.labels.order("role"));
    this.setStatus(members.length ? `${members.length} members and partners.` : "No recorded members on this date.");
    this.setList(...members.map((member) => this.memberItem(member)));
  }

  appendRecordLink(text, base, key) {
    if (!base || !key) return;
    const link = el("a", text, "record-page");
    link.href = `${base}${encodeURIComponent(key)}/`;
    this.actions.append(link);
  }

  memberItem(member) {
    const li = el("li", null, "partner member");
    li.dataset.iso2 = member.country.iso2;
    const heading = el("h3");
    heading.append(
      button(member.country.name, () => this.onSelect(member.country.iso2), "link-button partner-name"),
      el("span", this.labels.of("role", member.role), "tier-label role"),
    );
    li.append(heading, el("div", membershipDates(member), "meta dates"));
    if (member.unverified) li.append(unverifiedFlag(member.note));
    return li;
  }

  partnerItem(partner, { pairwise = false } = {}) {
    const li = el("li", null, "partner");
    li.dataset.iso2 = partner.country.iso2;
    const heading = el("h3");
    const name = pairwise
      ? el("span", partner.country.name, "partner-name")
      : button(partner.country.name, () => this.onPair(partner.country.iso2), "link-button partner-name");
    heading.append(name, el("span", `${partner.tier_label} · score ${partner.score}`, "tier-label"));
    li.append(heading);
    const ties = el("ul", null, "ties");
    const sides = { country: this.country?.name, partner: partner.country.name };
    ties.append(
      ...partner.agreements.map((a) => agreementItem(a, this.labels, sides, this.records)),
      ...partner.organisations.map((o) => organisationItem(o, this.labels, sides, this.records)),
    );
    li.append(ties);
    return li;
  }

  // One presence: what it is, who and where, since when, on what agreement, sources.
  showPresence(presence, { back }) {
    this.heading.textContent = presence.name;
    this.intro.textContent = presenceLine(presence, this.labels);
    this.actions.replaceChildren(...this.countryButtons([presence.host, ...presence.operators]));
    if (back) this.actions.append(button(back.text, back.onClick));
    this.setStatus("");
    const li = el("li", null, "presence-detail");
    li.append(factList(presenceFacts(presence, this.labels)));
    if (presence.agreement) li.append(this.agreementBlock(presence));
    if (presence.summary) li.append(el("p", presence.summary, "summary"));
    if (presence.unverified) li.append(unverifiedFlag(presence.note));
    else if (presence.note) li.append(el("p", presence.note, "meta note"));
    li.append(sourceLinks(presence.sources || []));
    this.setList(li);
  }

  showExercise(edition, { back }) {
    this.heading.textContent = edition.name;
    this.intro.textContent = "Exercise";
    this.actions.replaceChildren(...this.countryButtons([...(edition.hosts || []), ...(edition.leads || [])]));
    if (back) this.actions.append(button(back.text, back.onClick));
    this.setStatus("");
    const li = el("li", null, "exercise-detail");
    li.append(factList(exerciseFacts(edition)));
    if (edition.summary) li.append(el("p", edition.summary, "summary"));
    if (edition.unverified) li.append(unverifiedFlag(edition.note));
    else if (edition.note) li.append(el("p", edition.note, "meta note"));
    li.append(sourceLinks(edition.sources || []));
    this.setList(li);
  }

  // Buttons to each country's relationships, each country once.
  countryButtons(countries) {
    const seen = new Set();
    return countries
      .filter((c) => c && !seen.has(c.iso2) && seen.add(c.iso2))
      .map((c) => button(`${c.name}’s relationships`, () => this.onSelect(c.iso2)));
  }

  // The agreement a presence rests on: its title, the ties between host and
  // operator in this panel (where it is listed with its dates and sources),
  // and its record in the API.
  agreementBlock(presence) {
    const { agreement, host, operators } = presence;
    const block = el("div", null, "presence-agreement");
    block.append(el("h3", "Agreement"), el("p", agreement.short_title || agreement.key));
    const operator = operators[0];
    if (operator && host) {
      block.append(
        button(
          `Ties between ${operator.name} and ${host.name}`,
          () => this.onPair(host.iso2, operator.iso2),
          "link-button",
        ),
      );
    }
    // Its record page when the page knows where record pages live, else its API record.
    const page = this.records.agreements && agreement.key;
    const link = el("a", page ? "Agreement record page" : "Agreement record (JSON)", "api-link");
    link.href = page
      ? `${this.records.agreements}${encodeURIComponent(agreement.key)}/`
      : this.agreementUrl(agreement.id);
    block.append(" ", link);
    return block;
  }

  // A country's "Forces and exercises": presences it hosts, its own abroad,
  // and exercises, each a button that opens it in the panel.
  showForces(data) {
    const section = el("section", null, "forces-section");
    section.setAttribute("aria-labelledby", "forces-heading");
    const heading = el("h3", "Forces and exercises");
    heading.id = "forces-heading";
    section.append(heading);
    const name = data.country.name;
    section.append(
      this.forcesGroup(
        `Foreign forces in ${name}: ${countText(data.hosted.count, "presence", "presences")}`,
        data.hosted.presences.map((p) =>
          this.forcesItem(p.name, presenceLine(p, this.labels, { side: "hosted" }), () => this.onPresence(p.key)),
        ),
        "hosted",
      ),
      this.forcesGroup(
        `${name}’s forces abroad: ${countText(data.abroad.count, "presence", "presences")}`,
        data.abroad.presences.map((p) =>
          this.forcesItem(p.name, presenceLine(p, this.labels, { side: "abroad" }), () => this.onPresence(p.key)),
        ),
        "abroad",
      ),
      this.forcesGroup(
        `Exercises in the year to ${formatDate(data.as_of, "day")}: ${countText(data.exercises.count, "edition", "editions")}`,
        data.exercises.editions.map((e) => this.forcesItem(e.name, exerciseLine(e), () => this.onExercise(e.key))),
        "exercises",
      ),
    );
    this.forces.replaceChildren(section);
  }

  forcesGroup(title, items, name) {
    const details = el("details", null, `forces-group forces-${name}`);
    details.append(el("summary", title));
    if (items.length) {
      const list = el("ul");
      list.append(...items);
      details.append(list);
    } else {
      details.append(el("p", "None recorded on this date.", "meta"));
    }
    return details;
  }

  forcesItem(name, line, onClick) {
    const li = el("li");
    li.append(button(name, onClick, "link-button"), el("div", line, "meta"));
    return li;
  }

  forcesError(message) {
    this.forces.replaceChildren(el("p", `Forces and exercises: ${message}`, "status error"));
  }
}

function exerciseLine(edition) {
  const start = edition.started_on ? formatDate(edition.started_on, edition.started_on_precision || "day") : "";
  const hosts = (edition.hosts || []).map((c) => c.name).join(", ");
  return [start, hosts && `in ${hosts}`].filter(Boolean).join(" · ");
}
