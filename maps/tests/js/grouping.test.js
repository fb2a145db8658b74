import assert from "node:assert/strict";
import { test } from "node:test";

import { filterByName, GROUP_AT, groupTies, ownTies } from "../../../static/maps/js/grouping.js";

const nato = { slug: "nato", name: "North Atlantic Treaty Organization", short_name: "NATO", partner_role: "member" };
const lancaster = { id: 7, title: "Lancaster House Treaty" };
const partner = (iso2, name, { agreements = [], organisations = [] } = {}) => ({
  country: { iso2, name },
  agreements,
  organisations,
});
const partners = [
  partner("US", "United States", { organisations: [nato] }),
  partner("GB", "United Kingdom", { agreements: [lancaster], organisations: [nato] }),
  partner("IT", "Italy", { organisations: [nato] }),
  partner("FI", "Finland", { organisations: [nato] }),
  partner("NZ", "New Zealand", { organisations: [{ ...nato, suspended: true }] }),
];

test("the tie with the focus is taken out first, whatever its rank", () => {
  const view = groupTies(partners, "GB");
  assert.equal(view.focusTie.country.iso2, "GB");
  assert.deepEqual(
    view.partners.map((p) => p.country.iso2),
    ["US", "IT", "FI", "NZ"],
  );
  assert.equal(groupTies(partners, "JP").focusTie, null);
});

test("a tie shared with enough partners is listed once, with its partners", () => {
  assert.equal(GROUP_AT, 3);
  const { groups } = groupTies(partners, "GB");
  assert.equal(groups.length, 1);
  assert.equal(groups[0].key, "organisation:nato");
  // New Zealand's NATO tie carries a caveat: it stays under New Zealand.
  assert.deepEqual(
    groups[0].partners.map((p) => p.country.iso2),
    ["US", "IT", "FI"],
  );
  const own = ownTies(partners[4], groups);
  assert.equal(own.organisations.length, 1);
  assert.deepEqual(ownTies(partners[0], groups), { agreements: [], organisations: [], shared: [nato] });
  assert.equal(groupTies(partners, "GB", { groupAt: 4 }).groups.length, 0);
});

test("a query keeps partners by name or by a tie's name, and groups by either", () => {
  const view = groupTies(partners, null);
  const byCountry = filterByName(view, "ital");
  assert.deepEqual(
    byCountry.partners.map((p) => p.country.iso2),
    ["IT"],
  );
  assert.equal(byCountry.groups.length, 1); // Italy is one of NATO's partners
  const byTie = filterByName(view, " lancaster ");
  assert.deepEqual(
    byTie.partners.map((p) => p.country.iso2),
    ["GB"],
  );
  assert.ok(byTie.tieMatches.has("GB"));
  assert.equal(byTie.groups.length, 0);
  assert.equal(filterByName(view, "").partners.length, 5);
});
