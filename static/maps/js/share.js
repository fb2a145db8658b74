// What is on screen leaves the page: the view's data (CSV and GeoJSON from the
// API's exports, as plain links kept in step with the state), the map as SVG
// or PNG with its legend, date, filters and attribution drawn in, and the
// view's link. No outside library: the SVG is Leaflet's own renderer's
// drawing plus a legend band, and the PNG is that SVG drawn on a canvas. The
// SVG is loaded as a data: image (the CSP's img-src already allows data:).

import { defineHatch } from "./hatch.js";

const NS = "http://www.w3.org/2000/svg";
const LEGEND_HATCH = "legend-hatch";
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const LINE = 18;

function svgNode(tag, attributes = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// The legend as the page shows it: {title, note, items: [{colour, text, pattern}]}.
function legendOnPage() {
  const text = (id) => (document.getElementById(id)?.textContent || "").trim();
  const items = [...document.querySelectorAll("#legend-items li")].map((li) => ({
    colour: getComputedStyle(li.querySelector(".swatch")).backgroundColor,
    text: li.textContent.trim(),
    pattern: li.classList.contains("legend-pattern"),
  }));
  return { title: `${text("legend-title")} ${text("legend-focus")}`.trim(), note: text("legend-note"), items };
}

// Legend items flowed into rows across `width`; a character is taken as 7 px.
function legendRows(items, width) {
  const rows = [[]];
  let x = 0;
  for (const item of items) {
    const itemWidth = 22 + item.text.length * 7 + 18;
    if (x + itemWidth > width && rows.at(-1).length) {
      rows.push([]);
      x = 0;
    }
    rows.at(-1).push({ ...item, x });
    x += itemWidth;
  }
  return rows;
}

// The map as a standalone SVG document: Leaflet's drawing where it sits on
// screen, over the sea colour, with a band below for the legend and captions.
// `lines`: the caption lines (date and filters, attribution).
function mapDrawing(map, { lines }) {
  const container = map.getContainer();
  const width = container.clientWidth;
  const mapHeight = container.clientHeight;
  const legend = legendOnPage();
  const rows = legendRows(legend.items, width - 24);
  const captions = [legend.title, ...(legend.note ? [legend.note] : [])];
  const bandHeight = 12 + LINE * (captions.length + rows.length + lines.length) + 8;
  const height = mapHeight + bandHeight;
  const svg = svgNode("svg", { xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}` });
  svg.append(svgNode("rect", { width, height: mapHeight, fill: getComputedStyle(container).backgroundColor }));
  const drawing = container.querySelector(".leaflet-overlay-pane svg");
  if (drawing) {
    const outer = container.getBoundingClientRect();
    const box = drawing.getBoundingClientRect();
    const copy = drawing.cloneNode(true);
    copy.removeAttribute("style");
    copy.removeAttribute("class");
    const place = { x: box.left - outer.left, y: box.top - outer.top, width: box.width, height: box.height };
    for (const [name, value] of Object.entries(place)) copy.setAttribute(name, String(value));
    // Clipped to the map's frame, as on screen.
    const frame = svgNode("svg", { x: 0, y: 0, width, height: mapHeight, viewBox: `0 0 ${width} ${mapHeight}` });
    frame.append(copy);
    svg.append(frame);
  }
  const band = svgNode("g", { class: "legend", "font-family": FONT, "font-size": 13, fill: "#1b1f23" });
  band.append(svgNode("rect", { y: mapHeight, width, height: bandHeight, fill: "#ffffff" }));
  let y = mapHeight + 12 + 13;
  captions.forEach((text, index) => {
    band.append(svgNode("text", { x: 12, y, "font-weight": index === 0 ? 700 : 400 }, text));
    y += LINE;
  });
  for (const row of rows) {
    for (const item of row) {
      const swatch = { x: 12 + item.x, y: y - 11, width: 16, height: 12 };
      band.append(svgNode("rect", { ...swatch, fill: item.colour, stroke: "#555" }));
      if (item.pattern) {
        defineHatch(svg, LEGEND_HATCH);
        band.append(svgNode("rect", { ...swatch, fill: `url(#${LEGEND_HATCH})`, class: "legend-hatch" }));
      }
      band.append(svgNode("text", { x: 12 + item.x + 22, y }, item.text));
    }
    y += LINE;
  }
  for (const text of lines) {
    band.append(svgNode("text", { x: 12, y, fill: "#444" }, text));
    y += LINE;
  }
  svg.append(band);
  return { text: new XMLSerializer().serializeToString(svg), width, height };
}

// The SVG drawn on a canvas at `scale`, as a PNG blob.
async function pngOf({ text, width, height }, scale = 2) {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext("2d");
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The image could not be made."))), "image/png"),
  );
}

function save(blob, filename) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// The clipboard API where the page may use it, else a selected text area.
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    area.remove();
    return copied;
  }
}

// The download menu and the copy-link button. `describe()` gives what the
// drawings need from the page: {name (for file names), lines (captions)}.
export class Share {
  constructor({ map, describe }) {
    this.map = map;
    this.describe = describe;
    this.csv = document.getElementById("download-csv");
    this.geojson = document.getElementById("download-geojson");
    this.status = document.getElementById("share-status");
    document.getElementById("download-svg").addEventListener("click", () => this.drawing("svg"));
    document.getElementById("download-png").addEventListener("click", () => this.drawing("png"));
    document.getElementById("copy-link").addEventListener("click", () => this.copyLink());
  }

  // The data links follow the state: `links` = {csv, geojson} addresses.
  update(links) {
    this.csv.href = links.csv;
    this.geojson.href = links.geojson;
  }

  say(text) {
    this.status.textContent = text;
  }

  async drawing(format) {
    const { name, lines } = this.describe();
    try {
      const drawn = mapDrawing(this.map, { lines });
      const blob =
        format === "svg" ? new Blob([drawn.text], { type: "image/svg+xml;charset=utf-8" }) : await pngOf(drawn);
      save(blob, `${name}.${format}`);
      this.say(`The map was saved as ${name}.${format}.`);
    } catch (error) {
      this.say(`The map could not be saved: ${error.message}`);
    }
  }

  async copyLink() {
    const copied = await copyText(window.location.href);
    this.say(copied ? "Link copied." : "The link could not be copied: copy it from the address bar.");
  }
}
