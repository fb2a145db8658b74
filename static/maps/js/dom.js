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
  const head = el("summary", summary);
  details.append(head);
  let built = false;
  const fill = () => {
    if (built) return;
    built = true;
    details.append(...build());
  };
  // A click (or Enter, which clicks) on the summary builds the content before
  // the details open, so it is there the moment they are; "toggle" comes a task
  // later and covers opening from script.
  head.addEventListener("click", fill);
  details.addEventListener("toggle", () => details.open && fill());
  details.open = open;
  if (open) fill();
  return details;
}

export function option(value, text) {
  const node = el("option", text);
  node.value = value;
  return node;
}
