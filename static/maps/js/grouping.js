// How a long panel is made short: the tie with the focus is taken out first,
// a multilateral tie (an organisation or an agreement shared with many
// partners) is listed once with its partners rather than under each of them,
// and a typed query keeps the partners and groups whose names match. Pure:
// data in, data out, no DOM.

// A tie shared with this many partners or more is listed once.
export const GROUP_AT = 3;

const agreementKey = (agreement) => `agreement:${agreement.id}`;
const organisationKey = (organisation) => `organisation:${organisation.slug}`;

// A tie the tier rule changed for this partner (suspended, signed only) keeps
// its own line under that partner, where its caveat is said.
const hasCaveat = (tie) => Boolean(tie.not_in_force || tie.suspended);

// {focusTie, partners, groups}: the focus's relationship (or null), the other
// partners, and the ties shared with GROUP_AT partners or more, largest first,
// each {key, kind: "agreement"|"organisation", tie, partners: [{country, role}]}.
export function groupTies(partners, focus, { groupAt = GROUP_AT } = {}) {
  const focusTie = partners.find((p) => p.country.iso2 === focus) || null;
  const others = partners.filter((p) => p !== focusTie);
  const found = new Map();
  const add = (key, kind, tie, partner, role) => {
    if (hasCaveat(tie)) return;
    if (!found.has(key)) found.set(key, { key, kind, tie, partners: [] });
    found.get(key).partners.push({ country: partner.country, role });
  };
  for (const partner of others) {
    for (const agreement of partner.agreements || []) add(agreementKey(agreement), "agreement", agreement, partner);
    for (const organisation of partner.organisations || [])
      add(organisationKey(organisation), "organisation", organisation, partner, organisation.partner_role);
  }
  const groups = [...found.values()]
    .filter((group) => group.partners.length >= groupAt)
    .sort((a, b) => b.partners.length - a.partners.length || tieName(a.tie).localeCompare(tieName(b.tie)));
  return { focusTie, partners: others, groups, grouped: groupKeys(groups) };
}

export function tieName(tie) {
  return tie.short_title || tie.title || tie.short_name || tie.name || "";
}

// A partner's ties split into its own and those listed once in `groups`
// (or in `grouped`, their keys, when many partners are split in turn).
export function ownTies(partner, groups, grouped = groupKeys(groups)) {
  const isOwn = (key, tie) => hasCaveat(tie) || !grouped.has(key);
  return {
    agreements: (partner.agreements || []).filter((a) => isOwn(agreementKey(a), a)),
    organisations: (partner.organisations || []).filter((o) => isOwn(organisationKey(o), o)),
    shared: [
      ...(partner.agreements || []).filter((a) => !isOwn(agreementKey(a), a)),
      ...(partner.organisations || []).filter((o) => !isOwn(organisationKey(o), o)),
    ],
  };
}

function groupKeys(groups) {
  return new Set(groups.map((g) => g.key));
}

// The names a query is matched against: a tie's short and full names.
function tieNames(tie) {
  return [tie.short_title, tie.title, tie.short_name, tie.name].filter(Boolean);
}

const normalise = (text) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();

// The partners and groups a query keeps: a partner matches by its name or any
// of its ties' names (`tieMatch` says it was by a tie, so its ties unfold); a
// group by its tie's name or any of its partners' names.
export function filterByName({ partners, groups }, query) {
  const wanted = normalise(query || "");
  if (!wanted) return { partners, groups, tieMatches: new Set() };
  const hit = (text) => normalise(text).includes(wanted);
  const tieMatches = new Set();
  const kept = partners.filter((partner) => {
    if (hit(partner.country.name)) return true;
    const ties = [...(partner.agreements || []), ...(partner.organisations || [])];
    if (ties.some((tie) => tieNames(tie).some(hit))) {
      tieMatches.add(partner.country.iso2);
      return true;
    }
    return false;
  });
  const keptGroups = groups.filter(
    (group) => tieNames(group.tie).some(hit) || group.partners.some((p) => hit(p.country.name)),
  );
  return { partners: kept, groups: keptGroups, tieMatches };
}
