import assert from "node:assert/strict";
import { test } from "node:test";

import {
  agreementDates,
  formatDate,
  membershipDates,
  playStart,
  today,
  yearToDate,
} from "../../../static/maps/js/dates.js";

test("a date is shown at its precision", () => {
  assert.equal(formatDate("2023-04-04", "day"), "4 April 2023");
  assert.equal(formatDate("2023-04-01", "month"), "April 2023");
  assert.equal(formatDate("2023-01-01", "year"), "2023");
  assert.equal(formatDate(null, "day"), "");
});

test("today is the local date as YYYY-MM-DD", () => {
  assert.equal(today(new Date(2024, 1, 9)), "2024-02-09");
});

test("the year slider keeps the day and month, and leaves today out of the URL", () => {
  assert.equal(yearToDate(1990, "2024-06-15", "2026-12-02"), "1990-06-15");
  assert.equal(yearToDate(1990, undefined, "2026-12-02"), "1990-12-02");
  assert.equal(yearToDate(2026, undefined, "2026-12-02"), undefined);
});

test("29 February becomes the 28th in a common year only", () => {
  assert.equal(yearToDate(2023, "2024-02-29", "2026-12-02"), "2023-02-28");
  assert.equal(yearToDate(2000, "2024-02-29", "2026-12-02"), "2000-02-29");
  assert.equal(yearToDate(1900, "2024-02-29", "2026-12-02"), "1900-02-28");
});

test("an agreement's and a membership's dates read as a sentence", () => {
  const agreement = {
    signed_on: "2020-01-01",
    signed_on_precision: "year",
    in_force_on: "2021-03-01",
    in_force_on_precision: "month",
  };
  assert.equal(agreementDates(agreement), "signed 2020, in force March 2021");
  assert.equal(membershipDates({}), "dates not recorded");
  assert.equal(
    membershipDates({
      joined_on: "1949-08-24",
      joined_on_precision: "day",
      left_on: "1966-01-01",
      left_on_precision: "year",
    }),
    "joined 24 August 1949, left 1966",
  );
});

test("playing starts the year after the slider's, or from its start when it is at the end", () => {
  assert.equal(playStart(2020, 1945, 2026), 2021);
  assert.equal(playStart(2026, 1945, 2026), 1945);
  assert.equal(playStart(2025, 1945, 2026), 2026);
});
