// The hatch drawn over a country tied to the focus by unverified records only:
// diagonal stripes over its tier's colour, which stays visible between them.
// Two-tone like the selection ring (a white stripe beside a black one), so
// that one of the two stands out (3:1, WCAG 1.4.11) on every tier and score
// colour, light or dark. One definition for the map, its legend and the
// exported drawings.

import { UNVERIFIED_HATCH } from "./palette.js";

const NS = "http://www.w3.org/2000/svg";
export const HATCH_ID = "unverified-hatch";

function node(tag, attributes) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

// An SVG <pattern> of the stripes, in screen pixels whatever the zoom.
function hatchPattern(id = HATCH_ID) {
  const { light, dark, period, lightWidth, darkWidth } = UNVERIFIED_HATCH;
  const pattern = node("pattern", {
    id,
    patternUnits: "userSpaceOnUse",
    width: period,
    height: period,
    patternTransform: "rotate(45)",
  });
  pattern.append(
    node("rect", { class: "hatch-light", x: 0, y: 0, width: lightWidth, height: period, fill: light }),
    node("rect", { class: "hatch-dark", x: lightWidth, y: 0, width: darkWidth, height: period, fill: dark }),
  );
  return pattern;
}

// Puts the pattern in `svg`'s <defs> once (Leaflet's renderer, or a drawing).
export function defineHatch(svg, id = HATCH_ID) {
  if (svg.querySelector(`pattern#${id}`)) return;
  let defs = svg.querySelector(":scope > defs");
  if (!defs) {
    defs = node("defs", {});
    svg.prepend(defs);
  }
  defs.append(hatchPattern(id));
}
