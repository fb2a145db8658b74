// DOM nodes with text: nothing from the database is ever parsed as HTML.

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function button(text, onClick, className) {
  const node = el("button", text, className);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

// A <details> whose content is built when it is first opened (at once when `open`):
// a country's panel folds hundreds of partners and their ties, and nodes nobody
// unfolds cost the click that shows the panel.
export function foldedDetails(summary, build, { open = false, className } = {}) {
  const details = el("details", null, className);
  details.append(el("summary", summary));
  let built = false;
  const fill = () => {
    if (built || !details.open) return;
    built = true;
    details.append(...build());
  };
  details.addEventListener("toggle", fill);
  details.open = open;
  fill();
  return details;
}

export function option(value, text) {
  const node = el("option", text);
  node.value = value;
  return node;
}
