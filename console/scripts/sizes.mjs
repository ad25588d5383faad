// Prints the built console's JavaScript sizes (raw and gzip) and what each first screen
// loads: the entry plus the static imports of the sign-in page, or of the shell and the
// workbench. `console_initial_route_js` is the larger of the two (limit 300 kB gzip).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));
const gzipOf = new Map();
const gzip = (file) => {
  if (!gzipOf.has(file))
    gzipOf.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gzipOf.get(file);
};
const closure = (keys, seen = new Set()) => {
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) continue;
    seen.add(chunk.file);
    closure(chunk.imports ?? [], seen);
  }
  return seen;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const entry = Object.keys(manifest).filter((k) => manifest[k].isEntry);
const routes = {
  "sign-in": closure([...entry, "src/pages/SignIn.tsx"]),
  workbench: closure([...entry, "src/ui/Shell.tsx", "src/pages/Workbench.tsx"]),
};
for (const chunk of Object.values(manifest).filter((c) => c.file.endsWith(".js"))) {
  const raw = readFileSync(join(dist, chunk.file)).length;
  console.log(
    `  ${chunk.file.padEnd(48)} ${kb(raw).padStart(10)} ${kb(gzip(chunk.file)).padStart(9)} gzip`,
  );
}
let largest = 0;
for (const [name, files] of Object.entries(routes)) {
  const total = [...files].reduce((sum, file) => sum + gzip(file), 0);
  largest = Math.max(largest, total);
  console.log(`route ${name}: ${kb(total)} gzip in ${files.size} chunks`);
}
const all = Object.values(manifest)
  .filter((c) => c.file.endsWith(".js"))
  .reduce((s, c) => s + gzip(c.file), 0);
console.log(`console_total_js ${(all / 1024).toFixed(1)} kB gzip`);
console.log(`console_initial_route_js ${(largest / 1024).toFixed(1)} kB gzip (limit 300)`);
if (largest > 300 * 1024) process.exitCode = 1;
