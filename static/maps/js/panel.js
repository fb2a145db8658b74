// The side panel: a country's relationships partner by partner, the ties
// between two countries, or an organisation's members. DOM nodes and
// textContent only: text from the database is never parsed as HTML.

import { agreementDates, formatDate, membershipDates } from "./dates.js";
import { button, el } from "./dom.js";
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
  if (agreement.summary) li.append(el("p", agreement.summary, "summary"));
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
    this.search = new PanelSearch(() => this.renderView());
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
    this.view = {
      ...groupTies(partners, towards?.iso2),
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
    if (groups.length) head.push(this.groupsItem(groups));
    const total = view.partners.length + (view.focusTie ? 1 : 0);
    if (query) {
      this.setStatus(
        `${partners.length} of ${view.partners.length} ${view.focus ? "other " : ""}partners and ${groups.length} shared ${groups.length === 1 ? "tie" : "ties"} match “${query.trim()}”.`,
      );
    } else {
      this.setStatus(total ? `${total} partners.` : "No recorded relationships on this date.");
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
    const details = el("details");
    const count = group.partners.length;
    const noun =
      group.tie.obligation === "mutual_defence"
        ? count === 1
          ? "ally"
          : "allies"
        : count === 1
          ? "partner"
          : "partners";
    details.append(el("summary", `${tieName(group.tie)}: ${count} ${noun}`));
    const about = el("ul", null, "ties");
    if (group.kind === "agreement") about.append(agreementItem(group.tie, this.labels, this.records));
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
    details.append(about, members);
    li.append(details);
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
    const own = grouped ? ownTies(partner, null, grouped) : { ...partner, shared: [] };
    const ties = el("ul", null, "ties");
    ties.append(
      ...own.agreements.map((a) => agreementItem(a, this.labels, this.records)),
      ...own.organisations.map((o) => organisationItem(o, this.labels, this.records)),
    );
    const count = own.agreements.length + own.organisations.length;
    if (!grouped) li.append(ties);
    else if (count) {
      const details = el("details", null, "partner-ties");
      details.open = open;
      details.append(el("summary", count === 1 ? "1 tie" : `${count} ties`), ties);
      li.append(details);
    }
    if (own.shared.length)
      li.append(el("div", `Also shared: ${own.shared.map(tieName).join(", ")} (listed once above).`, "meta shared"));
    return li;
  }
}
