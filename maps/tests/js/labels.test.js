import assert from "node:assert/strict";
import { test } from "node:test";

import { capitalise, sortMembers } from "../../../static/maps/js/labels.js";
import { labels, nato } from "./fixtures.js";

test("a code shows the server's label, an unknown code shows as itself", () => {
  assert.equal(labels.of("kind", "mou"), "memorandum of understanding");
  assert.equal(labels.of("kind", "pact"), "pact");
  assert.equal(labels.of("nonsense", "x"), "x");
  assert.equal(labels.of("status", null), null);
});

test("a vocabulary keeps the server's order", () => {
  assert.deepEqual(labels.order("role"), ["member", "partner", "observer", "framework_nation"]);
  assert.deepEqual(labels.choices("missing"), []);
});

test("capitalise raises the first letter only", () => {
  assert.equal(capitalise("framework nation"), "Framework nation");
  assert.equal(capitalise(""), "");
});

test("members come before partners, then by the date they joined", () => {
  const sorted = sortMembers(nato.members, labels.order("role"));
  assert.deepEqual(
    sorted.map((m) => m.country.iso2),
    ["FR", "FI", "JP"],
  );
});
