import assert from "node:assert/strict";
import { test } from "node:test";

import { apiUrls, withParams } from "../../../static/maps/js/urls.js";

const urls = apiUrls({ countries: "/api/countries/", organisations: "/api/organisations/" });

test("empty parameters are left out of the query", () => {
  assert.equal(withParams("/api/x/", { a: "1", b: "", c: undefined, d: null }), "/api/x/?a=1");
  assert.equal(withParams("/api/x/", {}), "/api/x/");
});

test("a country's relationships carry the date and the filters in use", () => {
  const state = { focus: "GB", as_of: "2024-03-01", kind: "treaty" };
  assert.equal(
    urls.relationships("GB", state, { view: "tiers" }),
    "/api/countries/GB/relationships/?as_of=2024-03-01&kind=treaty&view=tiers",
  );
  assert.equal(
    urls.organisation("nato", { as_of: "2024-03-01", kind: "treaty" }),
    "/api/organisations/nato/?as_of=2024-03-01",
  );
});
