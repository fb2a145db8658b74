// The ways the map can be coloured, each a plain object with one interface,
// so that a new one plugs in here without touching the page's wiring:
//
//   option    {value, label} when "Colour by" offers it (value goes in the URL's
//             `colour`); absent when something else picks it (an organisation)
//   applies   (state) => whether it draws this view
//   token     (state) => what it shows, for body[data-coloured] and to skip repaints
//   url       (state, urls) => the API answer it draws
//   draw      (data, {state, labels}) => {fills, descriptions, unverified, fallback,
//             legend, list, status, asOf}: what the map, legend and list view show
//             (`unverified`: the codes drawn hatched, tied by unverified records only)
//
// To add one: write it below (relationshipColouring makes one from a partner's
// category) and list it in COLOURINGS; "Colour by", the URL and the wiring
// follow. Everything here is pure: no DOM, no Leaflet, testable in Node.

import { formatDate } from "./dates.js";
import { capitalise, sortMembers } from "./labels.js";
import { bandLabel, CHANGE_COLOURS, ROLE_COLOURS, SCORE_BANDS, scoreBand, TIER_COLOURS } from "./palette.js";
import { FILTERS } from "./state.js";

// Colours each entry's country by its category and counts the categories:
// the one rule behind every colouring.
export function colourBy(entries, { category, colour, describe }) {
  const fills = {};
  const descriptions = {};
  const counts = {};
  for (const entry of entries) {
    const iso2 = entry.country.iso2;
    const key = category(entry);
    counts[key] = (counts[key] || 0) + 1;
    fills[iso2] = colour(key);
    descriptions[iso2] = describe(entry);
  }
  return { fills, descriptions, counts };
}

// Legend lines for categories ({value, label}) with their counts; with
// `present`, only the categories some country has.
function legendEntries(categories, counts, { colour, present = false }) {
  return categories
    .filter((c) => !present || counts[c.value])
    .map((c) => ({ colour: colour(c.value), text: `${c.label} (${counts[c.value] || 0})` }));
}

// "Only ties with kind treaty, domain cyber. Verified records only." for the filters in use.
export function filterNote(state, labels) {
  const parts = FILTERS.filter((name) => state[name]).map((name) => `${name} ${labels.of(name, state[name])}`);
  return [parts.length ? `Only ties with ${parts.join(", ")}.` : "", state.verified ? "Verified records only." : ""]
    .filter(Boolean)
    .join(" ");
}

// The filters in a colouring's token, "verified only" included (each token names one answer).
const filterToken = (s) =>
  `${FILTERS.some((f) => s[f]) ? `:${FILTERS.map((f) => s[f] || "").join(",")}` : ""}${s.verified ? ":verified" : ""}`;

function relationshipToken(name) {
  return (s) => `${name}:${s.focus}${filterToken(s)}`;
}

// A partner whose every tie is unverified (the API's `verified: false`): drawn
// hatched over its colour, and said so wherever it is named.
const unverifiedOnly = (partner) => partner.verified === false;
const UNVERIFIED_NOTE = "unverified records only";

// A colouring of the focus country's partners: by `category` of each partner.
function relationshipColouring({ option, title, category, colour, categories }) {
  return {
    option,
    applies: (s) => !s.org && (s.colour || "tier") === option.value,
    token: relationshipToken(option.value),
    // view=tiers: each partner's tier and score without its ties, a fraction of the bytes.
    url: (s, urls) => urls.relationships(s.focus, s, { view: "tiers" }),
    draw(data, { state, labels }) {
      const name = data.country.name;
      const focus = state.focus;
      const { fills, descriptions, counts } = colourBy(data.partners, {
        category,
        colour,
        describe: (p) =>
          `${p.tier_label} with ${name} · score ${p.score}${unverifiedOnly(p) ? ` · ${UNVERIFIED_NOTE}` : ""}`,
      });
      const day = formatDate(data.as_of, "day");
      const unverified = data.partners.filter(unverifiedOnly).map((p) => p.country.iso2);
      // With "Verified only" there is nothing to hatch, and the note says why.
      const hatch = state.verified
        ? []
        : [{ colour: TIER_COLOURS.political, pattern: "unverified", text: `Unverified only (${unverified.length})` }];
      return {
        fills: { [focus]: TIER_COLOURS.focus, ...fills },
        descriptions: { [focus]: "Focus country", ...descriptions },
        unverified,
        fallback: `No recorded tie with ${name}`,
        legend: {
          title,
          subject: name,
          note: [`On ${day}.`, filterNote(state, labels)].filter(Boolean).join(" "),
          items: [
            { colour: TIER_COLOURS.focus, text: `${name} (focus)` },
            ...legendEntries(categories(labels), counts, { colour }),
            ...hatch,
            { colour: TIER_COLOURS.none, text: "No recorded tie" },
            { colour: TIER_COLOURS.neutral, text: "Disputed or unassigned" },
          ],
        },
        list: {
          title: `Ties with ${name} on ${day}`,
          columns: ["Strongest tie", "Score"],
          rows: data.partners.map((p) => ({
            iso2: p.country.iso2,
            name: p.country.name,
            cells: [unverifiedOnly(p) ? `${p.tier_label} (unverified only)` : p.tier_label, String(p.score)],
          })),
          empty: "No recorded relationships on this date.",
        },
        status: data.partners.length ? "" : "No recorded relationships on this date.",
        asOf: data.as_of,
      };
    },
  };
}

const byTier = relationshipColouring({
  option: { value: "tier", label: "Strongest tie (tier)" },
  title: "Tie with",
  category: (p) => p.tier,
  colour: (tier) => TIER_COLOURS[tier],
  categories: (labels) => labels.choices("tier"),
});

const byScore = relationshipColouring({
  option: { value: "score", label: "Score (weighted count of ties)" },
  title: "Score of ties with",
  category: (p) => scoreBand(p.score).colour,
  colour: (bandColour) => bandColour,
  categories: () => SCORE_BANDS.map((band) => ({ value: band.colour, label: bandLabel(band) })),
});

// "Changes since": each partner's tier with the focus on `since` and on the
// as-of date (the server compares them, same filters: ?view=tier_changes).
const CHANGES = [
  { value: "rose", label: "Rose: a new or stronger tie", cell: "Rose" },
  { value: "fell", label: "Fell: a weaker or ended tie", cell: "Fell" },
  { value: "same", label: "Tied, unchanged", cell: "Unchanged" },
];
const CHANGE_ORDER = CHANGES.map((c) => c.value);

const byTierChanges = {
  applies: (s) => !s.org && Boolean(s.since),
  token: (s) => `changes:${s.focus}:${s.since}${filterToken(s)}`,
  url: (s, urls) => urls.relationships(s.focus, s, { view: "tier_changes", from: s.since }),
  draw(data, { state, labels }) {
    const name = data.country.name;
    const since = formatDate(data.from, "day");
    const tierName = (tier) => (tier ? labels.of("tier", tier) : "no tie");
    const { fills, descriptions, counts } = colourBy(data.partners, {
      category: (p) => p.change,
      colour: (change) => CHANGE_COLOURS[change],
      describe: (p) =>
        p.change === "same"
          ? `Unchanged since ${since}: ${tierName(p.tier)} with ${name}`
          : `${capitalise(p.change)} since ${since}: ${tierName(p.tier_before)} → ${tierName(p.tier)} with ${name}`,
    });
    const day = formatDate(data.as_of, "day");
    const cellOf = Object.fromEntries(CHANGES.map((c) => [c.value, c.cell]));
    const rows = [...data.partners].sort((a, b) => CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change));
    const changed = data.partners.some((p) => p.change !== "same");
    return {
      fills: { [state.focus]: TIER_COLOURS.focus, ...fills },
      descriptions: { [state.focus]: "Focus country", ...descriptions },
      fallback: `No recorded tie with ${name} on either date`,
      legend: {
        title: `Changes since ${since} in ties with`,
        subject: name,
        note: [`From ${since} to ${day}.`, filterNote(state, labels)].filter(Boolean).join(" "),
        items: [
          { colour: TIER_COLOURS.focus, text: `${name} (focus)` },
          ...legendEntries(CHANGES, counts, { colour: (change) => CHANGE_COLOURS[change] }),
          { colour: TIER_COLOURS.none, text: "No recorded tie on either date" },
          { colour: TIER_COLOURS.neutral, text: "Disputed or unassigned" },
        ],
      },
      list: {
        title: `Changes in ties with ${name}, ${since} to ${day}`,
        columns: ["Change", `On ${since}`, `On ${day}`],
        rows: rows.map((p) => ({
          iso2: p.country.iso2,
          name: p.country.name,
          cells: [cellOf[p.change], capitalise(tierName(p.tier_before)), capitalise(tierName(p.tier))],
        })),
        empty: "No recorded relationships on either date.",
      },
      status: changed ? "" : `No tie with ${name} rose or fell between ${since} and ${day}.`,
      asOf: data.as_of,
    };
  },
};

const roleColour = (role) => ROLE_COLOURS[role] || TIER_COLOURS.neutral;

const byOrganisationRole = {
  applies: (s) => Boolean(s.org),
  token: (s) => `org:${s.org}`,
  url: (s, urls) => urls.organisation(s.org, s),
  draw(organisation, { labels }) {
    const name = organisation.short_name || organisation.name;
    const role = (code) => labels.of("role", code);
    const joined = (m) => (m.joined_on ? formatDate(m.joined_on, m.joined_on_precision) : "");
    const { fills, descriptions, counts } = colourBy(organisation.members, {
      category: (m) => m.role,
      colour: roleColour,
      describe: (m) => `${capitalise(role(m.role))} of ${name}${m.joined_on ? ` since ${joined(m)}` : ""}`,
    });
    const roles = labels.choices("role").map((c) => ({ value: c.value, label: capitalise(c.label) }));
    const day = formatDate(organisation.as_of, "day");
    return {
      fills,
      descriptions,
      unverified: [],
      fallback: `Not a member or partner of ${name}`,
      legend: {
        title: "Role in",
        subject: name,
        note: `On ${day}.`,
        items: [
          ...legendEntries(roles, counts, { colour: roleColour, present: true }),
          { colour: TIER_COLOURS.none, text: "Not a member or partner" },
          { colour: TIER_COLOURS.neutral, text: "Disputed or unassigned" },
        ],
      },
      list: {
        title: `${name} on ${day}`,
        columns: ["Role", "Dates"],
        rows: sortMembers(organisation.members, labels.order("role")).map((m) => ({
          iso2: m.country.iso2,
          name: m.country.name,
          cells: [role(m.role), m.joined_on ? `joined ${joined(m)}` : ""],
        })),
        empty: "No recorded members on this date.",
      },
      status: organisation.members.length ? "" : "No recorded members on this date.",
      asOf: organisation.as_of,
    };
  },
};

// The registry: the first that applies draws the view. "Colour by" offers
// those with an option, in this order; the first of them is the default. An
// organisation, then a "Changes since" date, come before the colour mode.
export const COLOURINGS = [byOrganisationRole, byTierChanges, byTier, byScore];

export const COLOUR_OPTIONS = COLOURINGS.filter((c) => c.option).map((c) => c.option);

export function colouringFor(state) {
  return COLOURINGS.find((c) => c.applies(state)) || byTier;
}
