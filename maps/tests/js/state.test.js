import assert from "node:assert/strict";
import { test } from "node:test";

import { applyChanges, filterParams, isFiltered, parseState } from "../../../static/maps/js/state.js";

const defaults = { focus: "GB" };

test("the URL's view is read, codes upper-cased, unknown keys dropped", () => {
  const state = parseState("?focus=fr&country=it&kind=treaty&colour=score&bogus=1", defaults, { colours: ["score"] });
  assert.deepEqual(state, { focus: "FR", country: "IT", kind: "treaty", colour: "score" });
});

test("bad dates, unknown colours and views, and a partner without a country are dropped", () => {
  const state = parseState("?as_of=2024-1-1&colour=rainbow&view=grid&partner=FR", defaults, { colours: ["score"] });
  assert.deepEqual(state, { focus: "GB" });
});

test("a change drops empty values and a partner without its country", () => {
  const state = applyChanges(
    { focus: "GB", country: "FR", partner: "IT", kind: "treaty" },
    { country: undefined, kind: "" },
  );
  assert.deepEqual(state, { focus: "GB" });
});

test("the filters in use are passed on to the API", () => {
  assert.deepEqual(filterParams({ focus: "GB", kind: "treaty" }), {
    kind: "treaty",
    domain: undefined,
    obligation: undefined,
    verified: undefined,
  });
  assert.equal(isFiltered({ focus: "GB" }), false);
  assert.equal(isFiltered({ focus: "GB", domain: "cyber" }), true);
});

test("the layers are on with 1 and off otherwise; a bad presence key is dropped", () => {
  assert.deepEqual(parseState("?forces=1&exercises=yes&presence=gb-akrotiri", defaults), {
    focus: "GB",
    forces: "1",
    presence: "gb-akrotiri",
  });
  assert.deepEqual(parseState("?presence=%3Cscript%3E&exercise=ok", defaults), { focus: "GB", exercise: "ok" });
});

test("choosing a country closes the presence in the panel; opening an exercise closes the presence", () => {
  const state = { focus: "GB", forces: "1", presence: "gb-akrotiri" };
  assert.deepEqual(applyChanges(state, { country: "FR" }), { focus: "GB", forces: "1", country: "FR" });
  assert.deepEqual(applyChanges(state, { exercise: "ts-2023" }), { focus: "GB", forces: "1", exercise: "ts-2023" });
  assert.deepEqual(applyChanges(state, { as_of: "2020-01-01" }), { ...state, as_of: "2020-01-01" });
  assert.deepEqual(applyChanges(state, { forces: undefined }), { focus: "GB", presence: "gb-akrotiri" });
});

test("a date that is not on the calendar is dropped, and named by badDate", async () => {
  const { badDate } = await import("../../../static/maps/js/state.js");
  for (const bad of ["2024-13-45", "abc", "2023-02-29"]) {
    assert.deepEqual(parseState(`?as_of=${bad}`, defaults), { focus: "GB" });
    assert.equal(badDate(`?as_of=${bad}`), bad);
  }
  assert.deepEqual(parseState("?as_of=2024-02-29", defaults), { focus: "GB", as_of: "2024-02-29" });
  assert.equal(badDate("?as_of=2024-02-29"), undefined);
  assert.equal(badDate("?focus=FR"), undefined);
});

test("verified only is on with 1, asks the API for verified=true and counts as a filter", () => {
  assert.deepEqual(parseState("?verified=1", defaults), { focus: "GB", verified: "1" });
  assert.deepEqual(parseState("?verified=yes", defaults), { focus: "GB" });
  assert.equal(filterParams({ focus: "GB", verified: "1" }).verified, "true");
  assert.equal(isFiltered({ focus: "GB", verified: "1" }), true);
});

test("since, the date the map's changes are counted from, is kept when it is a date", () => {
  assert.deepEqual(parseState("?since=2014-01-01", defaults), { focus: "GB", since: "2014-01-01" });
  assert.deepEqual(parseState("?since=2014-02-30", defaults), { focus: "GB" });
  assert.deepEqual(parseState("?since=%3Cb%3E", defaults), { focus: "GB" });
});

test("badDate names a since that is not a date too", async () => {
  const { badDate } = await import("../../../static/maps/js/state.js");
  assert.equal(badDate("?since=2014-13-01", "since"), "2014-13-01");
  assert.equal(badDate("?since=2014-12-01", "since"), undefined);
  assert.equal(badDate("?since=2014-13-01"), undefined); // as_of by default
});
