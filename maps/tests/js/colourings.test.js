import assert from "node:assert/strict";
import { test } from "node:test";

import { COLOUR_OPTIONS, COLOURINGS, colourBy, colouringFor, filterNote } from "../../../static/maps/js/colourings.js";
import { CHANGE_COLOURS, ROLE_COLOURS, TIER_COLOURS } from "../../../static/maps/js/palette.js";
import { apiUrls } from "../../../static/maps/js/urls.js";
import { labels, nato, tierChanges, tiers } from "./fixtures.js";

// The registry's colourings, as the page picks them.
const byTier = colouringFor({ focus: "GB" });
const byScore = colouringFor({ focus: "GB", colour: "score" });
const byOrganisationRole = colouringFor({ focus: "GB", org: "nato" });

test("one function colours and counts every colouring's categories", () => {
  const { fills, descriptions, counts } = colourBy(tiers.partners, {
    category: (p) => p.tier,
    colour: (tier) => TIER_COLOURS[tier],
    describe: (p) => p.tier_label,
  });
  assert.equal(fills.FR, TIER_COLOURS.mutual_defence);
  assert.equal(descriptions.JP, "Binding agreement");
  assert.deepEqual(counts, { mutual_defence: 2, binding: 1 });
});

test("the registry picks the organisation, then the colour mode, tiers by default", () => {
  assert.equal(colouringFor({ focus: "GB", org: "nato", colour: "score" }), byOrganisationRole);
  assert.equal(byOrganisationRole.token({ org: "nato" }), "org:nato");
  assert.equal(byScore.option.value, "score");
  assert.equal(byTier.option.value, "tier");
  assert.deepEqual(
    COLOUR_OPTIONS.map((o) => o.value),
    ["tier", "score"],
  );
  assert.equal(new Set(COLOURINGS).size, 4);
  for (const colouring of COLOURINGS) {
    for (const method of ["applies", "token", "url", "draw"]) assert.equal(typeof colouring[method], "function");
  }
});

test("tokens name the view, its focus and its filters", () => {
  assert.equal(byTier.token({ focus: "GB" }), "tier:GB");
  assert.equal(byScore.token({ focus: "GB", kind: "treaty" }), "score:GB:treaty,,");
  assert.equal(byOrganisationRole.token({ org: "nato" }), "org:nato");
});

test("tier colouring paints the focus, each partner's tier, and names every tier in the legend", () => {
  const drawn = byTier.draw(tiers, { state: { focus: "GB" }, labels });
  assert.equal(drawn.fills.GB, TIER_COLOURS.focus);
  assert.equal(drawn.fills.JP, TIER_COLOURS.binding);
  assert.equal(drawn.descriptions.FR, "Mutual defence with United Kingdom · score 12");
  assert.deepEqual(
    drawn.legend.items.map((i) => i.text),
    [
      "United Kingdom (focus)",
      "Mutual defence (2)",
      "Binding agreement (1)",
      "Political commitment or programme (0)",
      "Shared membership only (0)",
      "Unverified only (0)",
      "No recorded tie",
      "Disputed or unassigned",
    ],
  );
  assert.equal(drawn.legend.note, "On 1 March 2024.");
  assert.deepEqual(drawn.list.rows[0].cells, ["Mutual defence", "12"]);
  assert.equal(drawn.asOf, "2024-03-01");
});

test("score colouring puts each partner in its fixed band", () => {
  const drawn = byScore.draw(tiers, { state: { focus: "GB", kind: "treaty" }, labels });
  assert.equal(drawn.fills.JP, "#dadaeb");
  assert.equal(drawn.fills.FR, "#9e9ac8");
  assert.equal(drawn.fills.US, "#54278f");
  assert.equal(drawn.legend.title, "Score of ties with");
  assert.ok(drawn.legend.items.some((i) => i.text === "score 20 or more (1)"));
  assert.equal(drawn.legend.note, "On 1 March 2024. Only ties with kind treaty.");
});

test("organisation colouring paints by role and lists only the roles present", () => {
  const drawn = byOrganisationRole.draw(nato, { state: { org: "nato" }, labels });
  assert.equal(drawn.fills.FR, ROLE_COLOURS.member);
  assert.equal(drawn.fills.JP, ROLE_COLOURS.partner);
  assert.equal(drawn.descriptions.FI, "Member of NATO since April 2023");
  assert.equal(drawn.descriptions.JP, "Partner of NATO");
  assert.deepEqual(
    drawn.legend.items.map((i) => i.text),
    ["Member (2)", "Partner (1)", "Not a member or partner", "Disputed or unassigned"],
  );
  assert.deepEqual(
    drawn.list.rows.map((r) => [r.iso2, ...r.cells]),
    [
      ["FR", "member", "joined 24 August 1949"],
      ["FI", "member", "joined April 2023"],
      ["JP", "partner", ""],
    ],
  );
});

test("an empty answer says so", () => {
  const drawn = byTier.draw({ ...tiers, partners: [] }, { state: { focus: "GB" }, labels });
  assert.equal(drawn.status, "No recorded relationships on this date.");
});

test("the filter note uses the server's labels", () => {
  assert.equal(
    filterNote({ domain: "cyber", kind: "mou" }, labels),
    "Only ties with kind memorandum of understanding, domain Cyber.",
  );
  assert.equal(filterNote({}, labels), "");
});

// Brazil is tied to the focus by unverified records only.
const trusting = {
  ...tiers,
  partners: [
    ...tiers.partners.map((p) => ({ ...p, verified: true })),
    {
      country: { iso2: "BR", name: "Brazil" },
      tier: "political",
      tier_label: "Political commitment or programme",
      score: 2,
      verified: false,
    },
  ],
};

test("a partner tied by unverified records only is marked, described and counted in the legend", () => {
  for (const colouring of [byTier, byScore]) {
    const drawn = colouring.draw(trusting, { state: { focus: "GB" }, labels });
    assert.deepEqual(drawn.unverified, ["BR"]);
    assert.match(drawn.descriptions.BR, /unverified records only/);
    assert.doesNotMatch(drawn.descriptions.JP, /unverified/);
    const entry = drawn.legend.items.find((i) => i.pattern === "unverified");
    assert.equal(entry.text, "Unverified only (1)");
  }
  const drawn = byTier.draw(trusting, { state: { focus: "GB" }, labels });
  assert.equal(drawn.fills.BR, TIER_COLOURS.political); // the hatch goes over the tier's colour
  assert.deepEqual(drawn.list.rows.at(-1).cells, ["Political commitment or programme (unverified only)", "2"]);
});

test("with verified only, the token, the legend note and the legend say so", () => {
  assert.equal(byTier.token({ focus: "GB", verified: "1" }), "tier:GB:verified");
  assert.equal(byScore.token({ focus: "GB", kind: "treaty", verified: "1" }), "score:GB:treaty,,:verified");
  assert.equal(
    filterNote({ kind: "mou", verified: "1" }, labels),
    "Only ties with kind memorandum of understanding. Verified records only.",
  );
  const drawn = byTier.draw(tiers, { state: { focus: "GB", verified: "1" }, labels });
  assert.deepEqual(drawn.unverified, []);
  assert.ok(!drawn.legend.items.some((i) => i.pattern));
  assert.equal(drawn.legend.note, "On 1 March 2024. Verified records only.");
});

test("an organisation's colouring marks nothing unverified", () => {
  assert.deepEqual(byOrganisationRole.draw(nato, { state: { org: "nato" }, labels }).unverified, []);
});

const sinceState = { focus: "GB", since: "2023-01-01", as_of: "2024-03-01" };

test("a since date picks the changes colouring, for the focus, not for an organisation", () => {
  const byChanges = colouringFor(sinceState);
  assert.notEqual(byChanges, byTier);
  assert.equal(colouringFor({ ...sinceState, colour: "score" }), byChanges);
  assert.equal(colouringFor({ ...sinceState, org: "nato" }), byOrganisationRole);
  assert.equal(byChanges.token(sinceState), "changes:GB:2023-01-01");
  assert.equal(byChanges.token({ ...sinceState, kind: "treaty" }), "changes:GB:2023-01-01:treaty,,");
  const url = byChanges.url({ ...sinceState, kind: "treaty" }, apiUrls({ countries: "/api/countries/" }));
  assert.equal(url, "/api/countries/GB/relationships/?as_of=2024-03-01&kind=treaty&view=tier_changes&from=2023-01-01");
});

test("the changes colouring paints who rose and who fell apart, the unchanged muted, and names each", () => {
  const drawn = colouringFor(sinceState).draw(tierChanges, { state: sinceState, labels });
  assert.equal(drawn.fills.GB, TIER_COLOURS.focus);
  assert.equal(drawn.fills.FI, CHANGE_COLOURS.rose);
  assert.equal(drawn.fills.JP, CHANGE_COLOURS.fell);
  assert.equal(drawn.fills.BR, CHANGE_COLOURS.fell);
  assert.equal(drawn.fills.FR, CHANGE_COLOURS.same);
  assert.equal(new Set([CHANGE_COLOURS.rose, CHANGE_COLOURS.fell, CHANGE_COLOURS.same]).size, 3);
  assert.equal(drawn.descriptions.FI, "Rose since 1 January 2023: no tie → Mutual defence with United Kingdom");
  assert.equal(drawn.descriptions.BR, "Fell since 1 January 2023: Shared membership only → no tie with United Kingdom");
  assert.equal(drawn.legend.title, "Changes since 1 January 2023 in ties with");
  assert.deepEqual(
    drawn.legend.items.map((i) => i.text),
    [
      "United Kingdom (focus)",
      "Rose: a new or stronger tie (1)",
      "Fell: a weaker or ended tie (2)",
      "Tied, unchanged (1)",
      "No recorded tie on either date",
      "Disputed or unassigned",
    ],
  );
  assert.equal(drawn.legend.note, "From 1 January 2023 to 1 March 2024.");
  assert.deepEqual(
    drawn.list.rows.map((r) => [r.iso2, ...r.cells]),
    [
      ["FI", "Rose", "No tie", "Mutual defence"],
      ["JP", "Fell", "Binding agreement", "Political commitment or programme"],
      ["BR", "Fell", "Shared membership only", "No tie"],
      ["FR", "Unchanged", "Mutual defence", "Mutual defence"],
    ],
  );
  assert.equal(drawn.asOf, "2024-03-01");
});
