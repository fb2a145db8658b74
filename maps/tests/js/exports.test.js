// Dead code check: every export of the page's modules is imported by another
// module or by a test, so an unused helper cannot linger.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const MODULES = new URL("../../../static/maps/js/", import.meta.url);
const TESTS = new URL("./", import.meta.url);

function sources(folder) {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".js"))
    .map((name) => ({ name, text: readFileSync(new URL(name, folder), "utf8") }));
}

function imported(text) {
  const names = new Set();
  for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from/g)) {
    for (const name of match[1].split(",")) if (name.trim()) names.add(name.trim().split(/\s+as\s+/)[0]);
  }
  return names;
}

test("every export of the page's modules is imported somewhere", () => {
  const modules = sources(MODULES);
  const all = [...modules, ...sources(TESTS)];
  const unused = [];
  for (const module of modules) {
    const others = new Set(all.filter((s) => s !== module).flatMap((s) => [...imported(s.text)]));
    for (const match of module.text.matchAll(/^export (?:async )?(?:function|const|class) (\w+)/gm)) {
      if (!others.has(match[1])) unused.push(`${module.name}: ${match[1]}`);
    }
  }
  assert.deepEqual(unused, []);
});
