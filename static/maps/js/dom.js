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

export function option(value, text) {
  const node = el("option", text);
  node.value = value;
  return node;
}
