// Labels for every code the page shows (kinds, statuses, roles, obligations,
// domains, tiers), all from the server's config: a new choice on a model needs
// no edit here. An unknown code shows as itself.

export function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export class Labels {
  // vocabularies: {name: [{value, label}, ...]} in display order.
  constructor(vocabularies) {
    this.vocabularies = vocabularies;
    this.maps = Object.fromEntries(
      Object.entries(vocabularies).map(([name, choices]) => [name, new Map(choices.map((c) => [c.value, c.label]))]),
    );
  }

  // The label of `value` in the vocabulary `name`.
  of(name, value) {
    return this.maps[name]?.get(value) ?? value;
  }

  // The vocabulary's choices, in display order.
  choices(name) {
    return this.vocabularies[name] || [];
  }

  // The vocabulary's codes, in display order.
  order(name) {
    return this.choices(name).map((c) => c.value);
  }
}

// Members before partners and observers, then by the date they joined.
// `roleOrder`: the roles in display order (members first).
export function sortMembers(members, roleOrder) {
  const FULL = new Set(["member", "framework_nation"]);
  const rank = (m) => (FULL.has(m.role) ? 0 : 1 + roleOrder.indexOf(m.role));
  return [...members].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.joined_on || "9999").localeCompare(b.joined_on || "9999") ||
      a.country.name.localeCompare(b.country.name),
  );
}
