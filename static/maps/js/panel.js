// The side panel: a country's relationships partner by partner, the ties
// between two countries, or an organisation's members. DOM nodes and
// textContent only: text from the database is never parsed as HTML.

import { agreementDates, formatDate, membershipDates } from "./dates.js";
import { button, el } from "./dom.js";
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

// What the tier rule did to a tie on this date, said where the tie is listed.
function caveats(tie) {
  const notes = [];
  if (tie.not_in_force) notes.push("Signed, not in force on this date: counted as a political commitment.");
  if (tie.suspended) notes.push("Suspended between the two on this date: counted as shared membership only.");
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

function agreementItem(agreement, labels, records) {
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
  li.append(...caveats(agreement));
  if (agreement.unverified) li.append(unverifiedFlag(agreement.note));
  li.append(sourceLinks(agreement.sources));
  return li;
}

function organisationItem(tie, labels, records) {
  const li = el("li", null, "organisation");
  li.append(recordLink(tie.short_name || tie.name, records.organisations, tie.slug));
  const role = (code) => labels.of("role", code);
  const roles =
    tie.role === tie.partner_role ? `both ${role(tie.role)}s` : `${role(tie.role)} / ${role(tie.partner_role)}`;
  li.append(el("span", ` — ${roles}`, "meta"));
  if (tie.obligation) {
    li.append(el("div", `Obligation: ${labels.of("obligation", tie.obligation)}`, "meta obligation"));
  }
  li.append(...caveats(tie));
  return li;
}

export class Panel {
  constructor({ labels, records = {}, onFocus, onSelect, onPair, onClear }) {
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
  }

  // Every change of the list goes through here, so that a list still being
  // drawn in batches (renderPartners) stops when a newer one replaces it.
  setList(...items) {
    this.renderToken = (this.renderToken || 0) + 1;
    this.list.replaceChildren(...items);
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
    this.setStatus(partners.length ? `${partners.length} partners.` : "No recorded relationships on this date.");
    this.renderPartners(partners);
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
    ties.append(
      ...partner.agreements.map((a) => agreementItem(a, this.labels, this.records)),
      ...partner.organisations.map((o) => organisationItem(o, this.labels, this.records)),
    );
    li.append(ties);
    return li;
  }
}
