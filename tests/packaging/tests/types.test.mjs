// The package's types, compiled against the installed tarball with `--strict` by
// TypeScript 5 and TypeScript 7: ES modules (`.ts`) and CommonJS modules (`.cts`) under
// `nodenext`, and the ES module under `bundler` resolution.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { consumer, packaging } from './lib/env.mjs';

const COMPILERS = [
  ['TypeScript 5', join(packaging, 'node_modules/typescript/bin/tsc')],
  ['TypeScript 7', join(packaging, 'node_modules/typescript7/bin/tsc')],
];
const types = join(consumer, 'types');


/** Runs tsc on a project; returns the files it read, or fails with its diagnostics. */
function compile(tsc, project) {
  const run = spawnSync(process.execPath, [tsc, '-p', join(types, project), '--listFiles'],
    { cwd: consumer, encoding: 'utf8' });
  const diagnostics = `${run.stdout}${run.stderr}`.split('\n')
    .filter((line) => /error TS\d+/.test(line));
  assert.equal(run.status, 0, `tsc -p ${project} failed:\n${diagnostics.join('\n')}`);
  return run.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}

const fromPackage = (files) => files
  .filter((file) => file.includes('/node_modules/promptward/'))
  .map((file) => file.replace(/.*\/node_modules\/promptward\//, ''))
  .sort();

for (const [name, tsc] of COMPILERS) {
  describe(name, () => {
    test('nodenext: .ts reads the ESM types, .cts the CommonJS ones', (t) => {
      const read = fromPackage(compile(tsc, 'tsconfig.json'));
      for (const file of ['promptward.d.ts', 'promptward_web.d.ts', 'yaml.d.ts',
        'promptward.d.cts', 'yaml.d.cts']) {
        assert.ok(read.includes(file), `${file} is read`);
      }
      t.diagnostic(spawnSync(process.execPath, [tsc, '--version'], { encoding: 'utf8' })
        .stdout.trim());
    });

    test('Scanner: scan results, matches, stats (.ts and .cts)', () => {
      const read = fromPackage(compile(tsc, 'tsconfig.dlp.json'));
      assert.ok(read.includes('promptward_web.d.ts') && read.includes('promptward.d.cts'));
    });

    test('bundler resolution', () => {
      const read = fromPackage(compile(tsc, 'tsconfig.bundler.json'));
      assert.ok(read.includes('promptward_web.d.ts'));
      assert.ok(!read.includes('promptward.d.cts'));
    });
  });
}
