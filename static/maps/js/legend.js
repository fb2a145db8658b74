// The legend: every colour and symbol on the map named in text.

import { glyph } from "./forcesmap.js";

// `pattern`: the item names a hatch drawn over the colours (the swatch shows it).
function legendItem(colour, text, pattern) {
  const li = document.createElement("li");
  const swatch = document.createElement("span");
  swatch.className = pattern ? `swatch swatch-${pattern}` : "swatch";
  if (pattern) li.className = "legend-pattern";
  swatch.style.backgroundColor = colour;
  swatch.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.textContent = text;
  li.append(swatch, label);
  return li;
}

export function renderLegend({ title, subject, note, items }) {
  document.getElementById("legend-title").textContent = title;
  document.getElementById("legend-focus").textContent = subject;
  document.getElementById("legend-note").textContent = note || "";
  document
    .getElementById("legend-items")
    .replaceChildren(...items.map(({ colour, text, pattern }) => legendItem(colour, text, pattern)));
}

// The forces layer's symbols: a shape per kind, exercises, clusters ([] hides it);
// folded on a phone, one tap away.
export function renderForcesLegend(items) {
  const section = document.getElementById("legend-forces");
  // Open when first shown, except on a phone, where it would cover the map.
  if (section.hidden && items.length) section.open = !window.matchMedia("(max-width: 700px)").matches;
  section.hidden = !items.length;
  document.getElementById("legend-forces-items").replaceChildren(
    ...items.map(({ shape, colour, text }) => {
      const li = document.createElement("li");
      let symbol;
      if (shape === "cluster") {
        symbol = document.createElement("span");
        symbol.className = "forces-cluster legend-cluster";
        symbol.textContent = "3";
        symbol.setAttribute("aria-hidden", "true");
      } else {
        symbol = glyph({ shape, colour }, 14, "glyph legend-glyph");
      }
      const label = document.createElement("span");
      label.textContent = text;
      li.append(symbol, label);
      return li;
    }),
  );
}
