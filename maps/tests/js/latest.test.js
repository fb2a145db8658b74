import assert from "node:assert/strict";
import { test } from "node:test";

import { lastRequestWins } from "../../../static/maps/js/latest.js";

test("only the latest request's answer is drawn", () => {
  const requests = lastRequestWins();
  const first = requests.start("GB");
  const second = requests.start("FR");
  assert.equal(first(), false);
  assert.equal(second(), true);
  assert.equal(requests.is("FR"), true);
});

test("after a reset the same request is not taken as already made", () => {
  const requests = lastRequestWins();
  const check = requests.start("GB");
  requests.reset();
  assert.equal(requests.is("GB"), false);
  assert.equal(check(), false);
});
