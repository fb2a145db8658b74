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

test("the exports follow the focus, the selection, the date and every filter", () => {
  const exporting = apiUrls({ countries: "/api/countries/", agreements: "/api/agreements/" });
  const state = { focus: "GB", as_of: "2024-03-01", kind: "treaty", domain: "cyber" };
  assert.equal(
    exporting.geojson(state),
    "/api/countries/GB/relationships/?format=geojson&as_of=2024-03-01&kind=treaty&domain=cyber",
  );
  assert.equal(
    exporting.agreementsCsv(state, "2026-01-01"),
    "/api/agreements/?format=csv&country=GB&active_on=2024-03-01&kind=treaty&domain=cyber",
  );
  assert.equal(
    exporting.agreementsCsv({ focus: "GB", country: "FR", partner: "DE" }, "2026-01-01"),
    "/api/agreements/?format=csv&country=FR&partner=DE&active_on=2026-01-01",
  );
  assert.equal(
    exporting.agreementsCsv({ focus: "GB", org: "nato" }, "2026-01-01"),
    "/api/agreements/?format=csv&organisation=nato&active_on=2026-01-01",
  );
});

test("verified only reaches the relationships, the GeoJSON and the agreements CSV", () => {
  const exporting = apiUrls({ countries: "/api/countries/", agreements: "/api/agreements/" });
  const state = { focus: "GB", verified: "1" };
  assert.equal(exporting.relationships("GB", state), "/api/countries/GB/relationships/?verified=true");
  assert.equal(exporting.geojson(state), "/api/countries/GB/relationships/?format=geojson&verified=true");
  assert.match(exporting.agreementsCsv(state, "2024-03-01"), /[?&]verified=true(&|$)/);
});
