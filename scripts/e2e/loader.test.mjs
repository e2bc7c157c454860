// content-loader.js requests main.js's whole module graph in one round (see
// its comment). Its list must stay the graph: a module missing from it is
// only fetched late (slower start), a stale entry is a failed fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXT = join(ROOT, 'extension');

/** Every module main.js imports, directly or not, relative to extension/. */
function graph(entry) {
  const seen = new Set();
  const visit = (file) => {
    for (const m of readFileSync(file, 'utf8').matchAll(/^import\s[^'"]*['"](\.[^'"]+)['"]/gm)) {
      const dep = resolve(dirname(file), m[1]);
      const rel = relative(EXT, dep);
      if (!seen.has(rel)) { seen.add(rel); visit(dep); }
    }
  };
  visit(entry);
  return [...seen].sort();
}

test("content-loader.js preloads exactly main.js's module graph", () => {
  const loader = readFileSync(join(EXT, 'content-loader.js'), 'utf8');
  const list = loader.match(/for \(const m of \[([^\]]*)\]\)/);
  assert.ok(list, 'content-loader.js has no module list');
  const listed = [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
  const want = graph(join(EXT, 'content/main.js'));
  assert.ok(want.length >= 10, `main.js imports only ${want.length} modules: the import scan is broken`);
  assert.deepEqual(listed, want);
});
