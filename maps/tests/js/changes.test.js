import assert from "node:assert/strict";
import { test } from "node:test";

import { changesPeriod, describeEvent } from "../../../static/maps/js/changes.js";

const records = { agreements: "/agreements/", organisations: "/organisations/", countries: "/countries/" };

test("the period runs from a year before the as-of date to it, or from the map's since date", () => {
  assert.deepEqual(changesPeriod({ asOf: "2023-12-31" }, "2026-12-03"), { from: "2022-12-31", to: "2023-12-31" });
  assert.deepEqual(changesPeriod({}, "2026-12-03"), { from: "2025-12-03", to: "2026-12-03" });
  assert.deepEqual(changesPeriod({ asOf: "2024-02-29" }, "2026-12-03"), { from: "2023-02-28", to: "2024-02-29" });
  assert.deepEqual(changesPeriod({ asOf: "2023-12-31", since: "2014-01-01" }, "2026-12-03"), {
    from: "2014-01-01",
    to: "2023-12-31",
  });
  // A since date after the as-of date is no period: a year before it instead.
  assert.deepEqual(changesPeriod({ asOf: "2020-06-01", since: "2023-01-01" }, "2026-12-03"), {
    from: "2019-06-01",
    to: "2020-06-01",
  });
});

test("an agreement's event is dated at its precision and links to the agreement's page", () => {
  const line = describeEvent(
    {
      date: "2023-10-15",
      precision: "day",
      event: "entered_into_force",
      record_type: "agreement",
      key: "gb-jp-raa",
      title: "UK-Japan Reciprocal Access Agreement",
      country: null,
    },
    records,
  );
  assert.deepEqual(line, {
    date: "15 October 2023",
    what: "Entered into force",
    title: "UK-Japan Reciprocal Access Agreement",
    href: "/agreements/gb-jp-raa/",
    country: null,
  });
});

test("an organisation's accession names the member, and keys are encoded in the link", () => {
  const line = describeEvent(
    {
      date: "2023-04-01",
      precision: "month",
      event: "joined",
      record_type: "organisation",
      key: "nato/<x>",
      title: "NATO",
      country: { iso2: "FI", name: "Finland" },
    },
    records,
  );
  assert.equal(line.date, "April 2023");
  assert.equal(line.what, "Accession");
  assert.equal(line.href, "/organisations/nato%2F%3Cx%3E/");
  assert.deepEqual(line.country, { name: "Finland", href: "/countries/FI/" });
  assert.equal(describeEvent({ event: "left", record_type: "organisation", key: "nato" }, records).what, "Withdrawal");
  assert.equal(describeEvent({ event: "joined_agreement", record_type: "agreement", key: "k" }, {}).href, null);
});
