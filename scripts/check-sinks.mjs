// Fails `npm run check` when UI code writes raw HTML. Notes and page text are untrusted: they are
// only ever rendered as text. A real need goes in ALLOWED with a reason, after review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOTS = ['lib', 'components', 'entrypoints'];
const SINKS =
  /\b(innerHTML|outerHTML|dangerouslySetInnerHTML|insertAdjacentHTML|document\.write(ln)?|createContextualFragment|srcdoc)\b/;
/** path → reason. Empty: nothing needs raw HTML. */
const ALLOWED = new Map([]);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|js|mjs|html)$/.test(name)) yield path;
  }
}

const findings = [];
for (const root of ROOTS) {
  for (const path of files(root)) {
    if (ALLOWED.has(path)) continue;
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (SINKS.test(line)) findings.push(`${path}:${index + 1}: ${line.trim()}`);
      });
  }
}
if (findings.length > 0) {
  console.error(`Raw HTML sinks found (render untrusted text as text):\n${findings.join('\n')}`);
  process.exit(1);
}
console.log(`check-sinks: no raw HTML sinks in ${ROOTS.join(', ')}.`);
