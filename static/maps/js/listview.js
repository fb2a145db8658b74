// The list view: the same relationships the map shows, as a table, for
// anyone who cannot use the map.

import { button } from "./dom.js";

function cell(tag, content) {
  const node = document.createElement(tag);
  if (content instanceof Node) node.append(content);
  else node.textContent = content;
  return node;
}

export class ListView {
  constructor({ onSelect }) {
    this.section = document.getElementById("list-view");
    this.heading = document.getElementById("list-heading");
    this.status = document.getElementById("list-status");
    this.head = document.getElementById("list-head");
    this.body = document.getElementById("list-body");
    this.onSelect = onSelect;
    this.forces = document.getElementById("list-forces");
    this.forcesBody = document.getElementById("list-forces-body");
    this.forcesStatus = document.getElementById("list-forces-status");
  }

  // The markers the forces layer draws, as rows of buttons that open each in
  // the panel: rows [{type, key, name, cells}], `clustered` those only counted;
  // null when the layers are off.
  renderForces(markers, onPick) {
    this.forces.hidden = !markers;
    if (!markers) return this.forcesBody.replaceChildren();
    const { rows, clustered } = markers;
    this.forcesBody.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement("tr");
        tr.dataset.key = row.key;
        const th = cell(
          "th",
          button(row.name, () => onPick(row.type, row.key), "link-button"),
        );
        th.scope = "row";
        tr.append(th, ...row.cells.map((text) => cell("td", text)));
        return tr;
      }),
    );
    const parts = [`${rows.length} in this view.`];
    if (clustered) parts.push(`${clustered} more in clusters: zoom in, or choose a country for its list.`);
    this.forcesStatus.textContent = parts.join(" ");
  }

  toggle(visible) {
    this.section.hidden = !visible;
  }

  // columns: header labels; rows: [{iso2, name, cells: [text...]}]
  render({ title, columns, rows, empty }) {
    this.heading.textContent = title;
    this.head.replaceChildren(
      ...["Country", ...columns].map((label) => {
        const th = cell("th", label);
        th.scope = "col";
        return th;
      }),
    );
    this.body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement("tr");
        tr.dataset.iso2 = row.iso2;
        const th = cell(
          "th",
          button(row.name, () => this.onSelect(row.iso2), "link-button"),
        );
        th.scope = "row";
        tr.append(th, ...row.cells.map((text) => cell("td", text)));
        return tr;
      }),
    );
    this.status.textContent = rows.length ? `${rows.length} countries.` : empty;
  }
}
