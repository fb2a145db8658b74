// The legend names every colour in text.

export const TIER_COLOURS = {
  focus: "#e69f00",
  mutual_defence: "#08306b",
  binding: "#2171b5",
  political: "#6baed6",
  membership: "#c6dbef",
  none: "#f4f4f2",
  neutral: "#d4d4d0",
};

function item(colour, text) {
  const li = document.createElement("li");
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = colour;
  swatch.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.textContent = text;
  li.append(swatch, label);
  return li;
}

export function renderLegend(focusName, tiers, counts) {
  document.getElementById("legend-focus").textContent = focusName;
  const list = document.getElementById("legend-items");
  list.replaceChildren(
    item(TIER_COLOURS.focus, `${focusName} (focus)`),
    ...tiers.map((t) => item(TIER_COLOURS[t.tier], `${t.label} (${counts[t.tier] || 0})`)),
    item(TIER_COLOURS.none, "No recorded tie"),
    item(TIER_COLOURS.neutral, "Disputed or unassigned"),
  );
}
