// The side panel: a country's relationships, partner by partner. DOM nodes and
// textContent only: text from the database is never parsed as HTML.

const KIND_LABELS = {
  treaty: "Treaty", agreement: "Agreement", arrangement: "Arrangement",
  mou: "Memorandum of understanding", loi: "Letter of intent", declaration: "Declaration",
  joint_statement: "Joint statement", programme: "Programme", plan: "Plan", regulation: "Regulation",
};
const STATUS_LABELS = {
  proposed: "proposed", signed: "signed", in_force: "in force", suspended: "suspended", ended: "ended",
};
const ROLE_LABELS = {
  member: "member", partner: "partner", observer: "observer",
  framework_nation: "framework nation", participant: "participant", associate: "associate",
};
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

export function formatDate(value, precision) {
  if (!value) return "";
  const [year, month, day] = value.split("-").map(Number);
  if (precision === "year") return String(year);
  if (precision === "month") return `${MONTHS[month - 1]} ${year}`;
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function datesOf(agreement) {
  const parts = [];
  if (agreement.signed_on) parts.push(`signed ${formatDate(agreement.signed_on, agreement.signed_on_precision)}`);
  if (agreement.in_force_on) {
    parts.push(`in force ${formatDate(agreement.in_force_on, agreement.in_force_on_precision)}`);
  }
  if (agreement.ended_on) parts.push(`ended ${formatDate(agreement.ended_on, agreement.ended_on_precision)}`);
  return parts.join(", ");
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

function agreementItem(agreement) {
  const li = el("li", null, "agreement");
  li.append(el("strong", agreement.short_title || agreement.title));
  const meta = [KIND_LABELS[agreement.kind] || agreement.kind, datesOf(agreement),
    STATUS_LABELS[agreement.status_on_date] || agreement.status_on_date].filter(Boolean);
  li.append(el("div", meta.join(" · "), "meta"));
  if (agreement.unverified) li.append(el("div", "Unverified: " + (agreement.note || "a fact is not confirmed"), "flag-unverified"));
  li.append(sourceLinks(agreement.sources));
  return li;
}

function organisationItem(tie) {
  const li = el("li", null, "organisation");
  li.append(el("strong", tie.short_name || tie.name));
  const roles = tie.role === tie.partner_role
    ? `both ${ROLE_LABELS[tie.role]}s`
    : `${ROLE_LABELS[tie.role]} / ${ROLE_LABELS[tie.partner_role]}`;
  li.append(el("span", ` — ${roles}`, "meta"));
  return li;
}

export class Panel {
  constructor({ onFocus, onSelect }) {
    this.heading = document.getElementById("panel-heading");
    this.intro = document.getElementById("panel-intro");
    this.status = document.getElementById("panel-status");
    this.list = document.getElementById("partners");
    this.actions = document.getElementById("panel-actions");
    this.onFocus = onFocus;
    this.onSelect = onSelect;
  }

  loading(name) {
    this.heading.textContent = name;
    this.setStatus("Loading relationships…");
    this.list.replaceChildren();
    this.actions.replaceChildren();
  }

  setStatus(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle("error", isError);
  }

  error(message) {
    this.setStatus(message, true);
  }

  show(data, { isFocus }) {
    const { country, partners, as_of: asOf } = data;
    this.heading.textContent = country.name;
    this.intro.textContent = `Relationships on ${formatDate(asOf, "day")}, strongest first.`;
    this.actions.replaceChildren();
    if (!isFocus) {
      const button = el("button", `Colour the map by ties with ${country.name}`);
      button.type = "button";
      button.addEventListener("click", () => this.onFocus(country.iso2));
      this.actions.append(button);
    }
    this.setStatus(partners.length ? `${partners.length} partners.` : "No recorded relationships on this date.");
    this.list.replaceChildren(...partners.map((partner) => this.partnerItem(partner)));
  }

  partnerItem(partner) {
    const li = el("li", null, "partner");
    li.dataset.iso2 = partner.country.iso2;
    const heading = el("h3");
    const name = el("button", partner.country.name, "link-button partner-name");
    name.type = "button";
    name.addEventListener("click", () => this.onSelect(partner.country.iso2));
    heading.append(name, el("span", `${partner.tier_label} · score ${partner.score}`, "tier-label"));
    li.append(heading);
    const ties = el("ul", null, "ties");
    ties.append(...partner.agreements.map(agreementItem), ...partner.organisations.map(organisationItem));
    li.append(ties);
    return li;
  }
}
