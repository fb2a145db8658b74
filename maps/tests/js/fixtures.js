// Small payloads shaped like the API's, and the server's vocabularies.

import { Labels } from "../../../static/maps/js/labels.js";

export const labels = new Labels({
  kind: [
    { value: "treaty", label: "treaty" },
    { value: "mou", label: "memorandum of understanding" },
  ],
  status: [{ value: "in_force", label: "in force" }],
  role: [
    { value: "member", label: "member" },
    { value: "partner", label: "partner" },
    { value: "observer", label: "observer" },
    { value: "framework_nation", label: "framework nation" },
  ],
  obligation: [{ value: "mutual_defence", label: "mutual defence" }],
  domain: [{ value: "cyber", label: "Cyber" }],
  tier: [
    { value: "mutual_defence", label: "Mutual defence" },
    { value: "binding", label: "Binding agreement" },
    { value: "political", label: "Political commitment or programme" },
    { value: "membership", label: "Shared membership only" },
  ],
});

const country = (iso2, name) => ({ iso2, name });

export const tiers = {
  country: country("GB", "United Kingdom"),
  as_of: "2024-03-01",
  partners: [
    { country: country("FR", "France"), tier: "mutual_defence", tier_label: "Mutual defence", score: 12 },
    { country: country("US", "United States"), tier: "mutual_defence", tier_label: "Mutual defence", score: 22 },
    { country: country("JP", "Japan"), tier: "binding", tier_label: "Binding agreement", score: 3 },
  ],
};

export const nato = {
  slug: "nato",
  name: "North Atlantic Treaty Organization",
  short_name: "NATO",
  as_of: "2024-03-01",
  members: [
    { country: country("JP", "Japan"), role: "partner", joined_on: null },
    { country: country("FI", "Finland"), role: "member", joined_on: "2023-04-04", joined_on_precision: "month" },
    { country: country("FR", "France"), role: "member", joined_on: "1949-08-24", joined_on_precision: "day" },
  ],
};

// ?view=tier_changes&from=2023-01-01: each partner's tier on both dates.
export const tierChanges = {
  country: country("GB", "United Kingdom"),
  as_of: "2024-03-01",
  from: "2023-01-01",
  partners: [
    {
      country: country("FI", "Finland"),
      tier: "mutual_defence",
      tier_label: "Mutual defence",
      score: 10,
      tier_before: null,
      tier_before_label: null,
      change: "rose",
    },
    {
      country: country("FR", "France"),
      tier: "mutual_defence",
      tier_label: "Mutual defence",
      score: 12,
      tier_before: "mutual_defence",
      tier_before_label: "Mutual defence",
      change: "same",
    },
    {
      country: country("JP", "Japan"),
      tier: "political",
      tier_label: "Political commitment or programme",
      score: 2,
      tier_before: "binding",
      tier_before_label: "Binding agreement",
      change: "fell",
    },
    {
      country: country("BR", "Brazil"),
      tier: null,
      tier_label: null,
      score: 0,
      tier_before: "membership",
      tier_before_label: "Shared membership only",
      change: "fell",
    },
  ],
};
