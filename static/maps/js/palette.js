// The map's colours. Every palette is colour-blind safe: ColorBrewer blues and
// purples (single hue, ordered by lightness) with an orange focus, and
// Okabe-Ito for organisation roles.

export const TIER_COLOURS = {
  focus: "#e69f00",
  mutual_defence: "#08306b",
  binding: "#2171b5",
  political: "#6baed6",
  membership: "#c6dbef",
  none: "#f4f4f2",
  neutral: "#d4d4d0",
};

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
