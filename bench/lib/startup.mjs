// Start-up cost, measured cold: each sample is a fresh Node process, so nothing is
// compiled or cached yet. `initSync` is compiling and instantiating the wasm from
// its bytes; `import` is the package's zero-config entry as a user meets it
// (decoding the embedded base64, then the same `initSync`).
import { execFileSync } from 'node:child_process';

import { interleave, scaled, summary } from './timing.mjs';

const INIT_SYNC = `
import { readFileSync } from 'node:fs';
const dir = process.env.PKG_DIR;
const bytes = readFileSync(dir + '/promptward_bg.wasm');
const { initSync } = await import('file://' + dir + '/promptward_web.js');
const start = process.hrtime.bigint();
initSync({ module: bytes });
console.log(Number(process.hrtime.bigint() - start));
`;

const IMPORT = `
const start = process.hrtime.bigint();
await import('file://' + process.env.PKG_DIR + '/promptward.js');
console.log(Number(process.hrtime.bigint() - start));
`;

function coldRun(script, pkgDir) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, PKG_DIR: pkgDir },
    encoding: 'utf8',
  });
  return Number(out.trim());
}

/** Milliseconds to instantiate the module, cold, over `rounds` fresh processes each. */
export async function startup(pkgDir, rounds) {
  const samples = await interleave(rounds, {
    initSync: async () => coldRun(INIT_SYNC, pkgDir),
    importEntry: async () => coldRun(IMPORT, pkgDir),
  });
  return Object.fromEntries(Object.entries(samples)
    .map(([name, ns]) => [name, { ms: scaled(summary(ns), 1e-6) }]));
}
