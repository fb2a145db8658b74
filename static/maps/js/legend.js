// The legend: every colour on the map named in text.

function legendItem(colour, text) {
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

export function renderLegend({ title, subject, note, items }) {
  document.getElementById("legend-title").textContent = title;
  document.getElementById("legend-focus").textContent = subject;
  document.getElementById("legend-note").textContent = note || "";
  document.getElementById("legend-items").replaceChildren(...items.map(({ colour, text }) => legendItem(colour, text)));
}
