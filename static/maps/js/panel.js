// The side panel: a country's relationships partner by partner (and its
// forces and exercises), the ties between two countries, an organisation's
// members, or one presence or exercise. DOM nodes and textContent only: text
// from the database is never parsed as HTML.

import { agreementDates, formatDate, membershipDates } from "./dates.js";
import { button, el, foldedDetails } from "./dom.js";
import { countText, exerciseFacts, presenceFacts, presenceLine } from "./forces.js";
import { filterByName, groupTies, ownTies, tieName } from "./grouping.js";
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
  if (agreement.summary) li.append(el("p", agreement.summary, "summary"));
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
  if (tie.unverified) {
    li.append(unverifiedFlag("The organisation, or a membership of it, is not confirmed by a cited source."));
  }
  return li;
}

// Said under a partner whose every tie is unverified (the API's `verified: false`),
// which the map draws hatched.
function unverifiedOnlyNote() {
  return el(
    "div",
    "Unverified records only: every tie listed is flagged unverified, so its tier rests on no confirmed fact.",
    "meta unverified-only",
  );
}

// Facts as a description list: {label, value} rows of plain text.
function factList(facts) {
  const dl = el("dl", null, "facts");
  for (const { label, value } of facts) dl.append(el("dt", label), el("dd", value));
  return dl;
}

// The box that narrows a country's list as one types (its count is said by
// the panel's polite status). Emptied whenever the panel shows another view.
class PanelSearch {
  constructor(onInput) {
    this.box = document.getElementById("panel-search");
    this.input = document.getElementById("partner-search");
    this.input.addEventListener("input", onInput);
  }

  query() {
    return this.box.hidden ? "" : this.input.value;
  }

  show(visible) {
    if (!visible) this.input.value = "";
    this.box.hidden = !visible;
  }
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
    this.search = new PanelSearch(() => this.renderView());
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
  // `head`: items drawn before the partners (the focus's tie, the groups).
  renderPartners(partners, { head = [], item = (p) => this.partnerItem(p) } = {}) {
    const token = this.setList(...head, ...partners.slice(0, FIRST_BATCH).map(item));
    let next = FIRST_BATCH;
    const more = () => {
      if (token !== this.renderToken || next >= partners.length) return;
      this.list.append(...partners.slice(next, next + LATER_BATCH).map(item));
      next += LATER_BATCH;
      setTimeout(more, 0);
    };
    setTimeout(more, 0);
  }

  loading(name) {
    this.view = null;
    this.search.show(false);
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
    this.view = null;
    this.search.show(false);
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

  // A country's relationships: its tie with the focus first (or a plain "no
  // tie"), then the ties it shares with many partners listed once, then every
  // other partner folded; the search box narrows all but the first.
  show(data, { isFocus, filtered, organisation, focus }) {
    const { country, partners, as_of: asOf } = data;
    // In an organisation's view the focus itself can be selected: it has no tie with itself.
    const towards = isFocus || country.iso2 === focus.iso2 ? null : focus;
    this.heading.textContent = country.name;
    this.intro.textContent = `Relationships on ${formatDate(asOf, "day")}${filtered ? ", filtered" : ""}${towards ? `: the tie with ${towards.name} first, then the others` : ""}, strongest first. Choose a partner to see only the ties between the two.`;
    this.actions.replaceChildren();
    if (!isFocus)
      this.actions.append(button(`Colour the map by ties with ${country.name}`, () => this.onFocus(country.iso2)));
    this.backTo(organisation);
    this.appendRecordLink(`${country.name}’s record page`, this.records.countries, country.iso2);
    this.country = country;
    this.view = {
      ...groupTies(partners, towards?.iso2),
      // Agreements with an organisation as a party tie the country to the organisation,
      // not to its members: listed after the focus's tie, apart from the partners.
      withOrganisations: data.with_organisations || [],
      focus: towards,
      asOf,
      filtered,
    };
    this.search.show(this.view.partners.length + this.view.groups.length > 0);
    this.renderView();
  }

  // The current country view narrowed by the search box's query.
  renderView() {
    const view = this.view;
    if (!view) return;
    const query = this.search.query();
    const { partners, groups, tieMatches } = filterByName(view, query);
    const head = [];
    if (view.focus) head.push(this.focusTieItem(view));
    head.push(...view.withOrganisations.map((listed) => this.withOrganisationItem(listed)));
    if (groups.length) head.push(this.groupsItem(groups));
    const total = view.partners.length + (view.focusTie ? 1 : 0);
    if (query) {
      this.setStatus(
        `${partners.length} of ${view.partners.length} ${view.focus ? "other " : ""}partners and ${groups.length} shared ${groups.length === 1 ? "tie" : "ties"} match “${query.trim()}”.`,
      );
    } else {
      this.setStatus(
        total || view.withOrganisations.length
          ? `${countText(total, "partner", "partners")}.`
          : "No recorded relationships on this date.",
      );
    }
    this.renderPartners(partners, {
      head,
      item: (p) => this.partnerItem(p, { grouped: view.grouped, open: tieMatches.has(p.country.iso2) }),
    });
  }

  // The answer to "what ties this country to the focus?", in full, or a plain no.
  focusTieItem({ focusTie, focus, asOf, filtered }) {
    if (!focusTie) {
      const li = el("li", null, "focus-tie no-tie");
      li.dataset.iso2 = focus.iso2;
      li.append(
        el(
          "p",
          `No recorded tie with ${focus.name} on ${formatDate(asOf, "day")}${filtered ? " with these filters" : ""}.`,
          "no-tie-text",
        ),
      );
      return li;
    }
    const li = this.partnerItem(focusTie, { open: true });
    li.classList.add("focus-tie");
    li.prepend(el("p", `Tie with ${focus.name}, the focus`, "focus-caption"));
    return li;
  }

  // Ties shared with many partners, each listed once with its partners unfolding.
  groupsItem(groups) {
    const li = el("li", null, "shared-ties");
    li.append(el("h3", "Shared with many partners"));
    const list = el("ul", null, "groups");
    list.append(...groups.map((group) => this.groupItem(group)));
    li.append(list);
    return li;
  }

  groupItem(group) {
    const li = el("li", null, `group group-${group.kind}`);
    li.dataset.key = group.key;
    const count = group.partners.length;
    const noun =
      group.tie.obligation === "mutual_defence"
        ? count === 1
          ? "ally"
          : "allies"
        : count === 1
          ? "partner"
          : "partners";
    li.append(foldedDetails(`${tieName(group.tie)}: ${count} ${noun}`, () => this.groupContent(group)));
    return li;
  }

  // What a group unfolds to: the tie itself, then its partners.
  groupContent(group) {
    const about = el("ul", null, "ties");
    if (group.kind === "agreement") about.append(agreementItem(group.tie, this.labels, {}, this.records));
    else {
      const item = el("li", null, "organisation");
      item.append(recordLink(group.tie.short_name || group.tie.name, this.records.organisations, group.tie.slug));
      if (group.tie.obligation)
        item.append(el("div", `Obligation: ${this.labels.of("obligation", group.tie.obligation)}`, "meta obligation"));
      about.append(item);
    }
    const members = el("ul", null, "group-partners");
    members.append(
      ...group.partners.map(({ country, role }) => {
        const item = el("li");
        item.append(button(country.name, () => this.onPair(country.iso2), "link-button"));
        if (role && role !== "member") item.append(el("span", ` (${this.labels.of("role", role)})`, "meta"));
        return item;
      }),
    );
    return [about, members];
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
    this.setStatus(
      members.length
        ? `${countText(members.length, "member or partner", "members and partners")}.`
        : "No recorded members on this date.",
    );
    this.setList(this.organisationAbout(organisation), ...members.map((member) => this.memberItem(member)));
  }

  // The organisation itself: its summary, its flag or note, and its sources.
  organisationAbout(organisation) {
    const li = el("li", null, "organisation-about");
    if (organisation.summary) li.append(el("p", organisation.summary, "summary"));
    if (organisation.unverified) li.append(unverifiedFlag(organisation.note));
    else if (organisation.note) li.append(el("p", organisation.note, "meta note"));
    li.append(sourceLinks(organisation.sources || []));
    return li;
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
    else if (member.note) li.append(el("p", member.note, "meta note"));
    // A membership without sources of its own rests on the organisation's (listed above).
    if (member.sources?.length) li.append(sourceLinks(member.sources));
    return li;
  }

  // One partner: its name and tier, then its ties. In a country's list the
  // ties fold (`open` unfolds them) and those listed once (`grouped`, their
  // keys) are named, not repeated.
  partnerItem(partner, { pairwise = false, grouped = null, open = false } = {}) {
    const li = el("li", null, "partner");
    li.dataset.iso2 = partner.country.iso2;
    const heading = el("h3");
    const name = pairwise
      ? el("span", partner.country.name, "partner-name")
      : button(partner.country.name, () => this.onPair(partner.country.iso2), "link-button partner-name");
    heading.append(name, el("span", `${partner.tier_label} · score ${partner.score}`, "tier-label"));
    li.append(heading);
    if (partner.verified === false) li.append(unverifiedOnlyNote());
    const own = grouped ? ownTies(partner, null, grouped) : { ...partner, shared: [] };
    const sides = { country: this.country?.name, partner: partner.country.name };
    const ties = () => {
      const list = el("ul", null, "ties");
      list.append(
        ...own.agreements.map((a) => agreementItem(a, this.labels, sides, this.records)),
        ...own.organisations.map((o) => organisationItem(o, this.labels, sides, this.records)),
      );
      return [list];
    };
    const count = own.agreements.length + own.organisations.length;
    if (!grouped) li.append(...ties());
    else if (count) {
      li.append(foldedDetails(count === 1 ? "1 tie" : `${count} ties`, ties, { open, className: "partner-ties" }));
    }
    if (own.shared.length)
      li.append(el("div", `Also shared: ${own.shared.map(tieName).join(", ")} (listed once above).`, "meta shared"));
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
