// The map's colours. Every palette is colour-blind safe: tiers from the dark
// half of viridis (ordered by lightness, strongest darkest) with an Okabe-Ito
// vermilion focus, ColorBrewer purples for scores, and Okabe-Ito for
// organisation roles; Paul Tol's blue and red for the tiers that rose or fell.
//
// Non-text contrast (WCAG 1.4.11, 3:1): every tier and the focus stand out
// from the sea (--sea in map.css, #dfeaf2) and from "no tie", which is why no
// tier is lighter than viridis' teal. The selection is a two-tone ring (black
// on a white halo): one of its two colours stands out on any fill.

export const TIER_COLOURS = {
  focus: "#d55e00",
  mutual_defence: "#440154",
  binding: "#3b528b",
  political: "#2c728e",
  membership: "#21918c",
  none: "#f4f4f2",
  neutral: "#d4d4d0",
};

// "Changes since": Paul Tol's medium-contrast dark blue and dark red, told apart
// by colour-blind readers and in greyscale, and a mid grey for ties that did
// not change; each keeps 3:1 against the sea and "no tie", like the tiers.
export const CHANGE_COLOURS = {
  rose: "#004488",
  fell: "#994455",
  same: "#7a7a76",
};

export const SELECTION_RING = { outline: "#000000", halo: "#ffffff" };

// The hatch over a country tied by unverified records only (hatch.js): a white
// and a black stripe every `period` px, the tier's colour showing between.
export const UNVERIFIED_HATCH = { light: "#ffffff", dark: "#000000", period: 8, lightWidth: 2, darkWidth: 1 };

// Scores are weighted counts of ties (see relationships/ties.py); the bands
// are fixed so that a shared link shows the same colours tomorrow.
export const SCORE_BANDS = [
  { min: 1, max: 4, colour: "#dadaeb" },
  { min: 5, max: 9, colour: "#bcbddc" },
  { min: 10, max: 14, colour: "#9e9ac8" },
  { min: 15, max: 19, colour: "#756bb1" },
  { min: 20, max: Infinity, colour: "#54278f" },
];

export const ROLE_COLOURS = {
  member: "#0072b2",
  framework_nation: "#009e73",
  participant: "#56b4e9",
  associate: "#cc79a7",
  partner: "#e69f00",
  observer: "#f0e442",
};

export function scoreBand(score) {
  return SCORE_BANDS.find((band) => score >= band.min && score <= band.max);
}

export function bandLabel(band) {
  if (band.max === Infinity) return `score ${band.min} or more`;
  return band.min === band.max ? `score ${band.min}` : `score ${band.min}–${band.max}`;
}
