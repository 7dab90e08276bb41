// The packed package in an edge worker: tests/packaging/consumer/worker/ bundled by
// esbuild with the `workerd` condition, run by workerd on 127.0.0.1, and exercised
// over HTTP: a TOTP code verified, a permission checked, a prompt scanned. workerd
// refuses randomness at global scope, so a worker that starts and answers shows the
// package draws none while loading or building its engines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';
import workerd from 'workerd';

import { consumer, freePort } from './lib/env.mjs';
import { RFC_KEY, totpCode } from './lib/rfc6238.mjs';

const dir = join(consumer, 'worker');
const dist = join(dir, 'dist');
// Hand-counted: "Card " is 5 code units, the card 19, ", mail " 7, the address 16.
const PROMPT = 'Card 4111 1111 1111 1111, mail jane@example.com';

async function bundle() {
  rmSync(dist, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [join(dir, 'worker.js')], bundle: true, format: 'esm', platform: 'browser',
    conditions: ['workerd', 'worker'], loader: { '.wasm': 'copy' }, assetNames: '[name]',
    outdir: dist, minify: true, logLevel: 'silent', metafile: true,
  });
  assert.deepEqual(result.warnings, []);
  return Object.keys(result.metafile.inputs);
}

/** Starts workerd; resolves once it answers, to `{ url, stop, log }`. */
async function startWorkerd() {
  const port = await freePort();
  const child = spawn(workerd.default, ['serve', join(dir, 'config.capnp'),
    `--socket-addr=http=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => {
    if (child.exitCode === null) {
      child.kill();
    }
  };

  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`workerd exited with ${child.exitCode}:\n${log}`);
    }
    try {
      await fetch(url);
      return { url, stop, log: () => log };
    } catch {
      await sleep(100);
    }
  }
  stop();
  throw new Error(`workerd did not answer on ${url} within 15 s:\n${log}`);
}

/** Posts alice's prompt with the code of the worker's secret now, or with `code`. */
function ask(url, prompt, code = totpCode(RFC_KEY, Date.now() / 1000), user = 'alice') {
  return fetch(url, { method: 'POST', body: JSON.stringify({ user, prompt, code }) });
}

test('the reference TOTP matches RFC 6238 Appendix B (SHA-1, 8 digits)', () => {
  const table = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
    [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
  for (const [time, code] of table) {
    assert.equal(totpCode(RFC_KEY, time, 8), code, `T = ${time}`);
  }
});

describe('edge: workerd', () => {
  let server;
  let inputs;
  before(async () => {
    inputs = await bundle();
    server = await startWorkerd();
  });
  after(() => server?.stop());

  test('bundles the workerd entry and imports the .wasm as a module', (t) => {
    assert.ok(inputs.some((path) => path.endsWith('promptward/promptward.workerd.js')), inputs);
    assert.ok(!inputs.some((path) => path.endsWith('promptward_inline.js')),
      'the base64 copy of the module stays out of the worker');
    const sizes = ['worker.js', 'promptward_bg.wasm'].map((name) => {
      const bytes = readFileSync(join(dist, name));
      return `${name} ${statSync(join(dist, name)).size} B (gzip ${gzipSync(bytes).length} B)`;
    });
    t.diagnostic(`bundle: ${sizes.join(', ')}; workerd ${workerd.version}`);
  });

  test('a prompt with a card is blocked, with UTF-16 offsets', async () => {
    const response = await ask(server.url, PROMPT);
    assert.equal(response.status, 403);
    const body = await response.json();
    assert.equal(body.mfa, 'ok');
    assert.equal(body.access, 'granted');
    assert.equal(body.action, 'block');
    assert.deepEqual(body.matches, [
      { rule: 'credit_card', start: 5, end: 24 }, { rule: 'email', start: 31, end: 47 },
    ]);
  });

  test('a clean prompt is allowed', async () => {
    const response = await ask(server.url, 'Summarise the meeting notes, please.');
    assert.equal(response.status, 200);
    assert.deepEqual((await response.json()).matches, []);
  });

  test('a wrong TOTP code is refused before the scan', async () => {
    const right = totpCode(RFC_KEY, Date.now() / 1000);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const response = await ask(server.url, PROMPT, wrong);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { mfa: 'invalid' });
    assert.equal((await fetch(server.url, { method: 'POST', body: 'not json' })).status, 400);
  });

  test('a user without chat:send is refused; an unknown user too', async () => {
    for (const user of ['bob', 'mallory']) {
      const response = await ask(server.url, 'hello', undefined, user);
      assert.equal(response.status, 403, user);
      assert.deepEqual(await response.json(), { mfa: 'ok', access: 'denied' }, user);
    }
  });

  test('scan ids draw randomness inside the handler', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await (await ask(server.url, 'hello')).json()).scanId);
    }
    assert.equal(new Set(ids).size, 3, 'each scan has its own id');
    // Without a random source the scanner falls back to a prefix of zeros.
    assert.doesNotMatch(ids[0], /^0{16}/);
  });

  test('other methods get 405; workerd logs no error', async (t) => {
    assert.equal((await fetch(server.url)).status, 405);

    const text = `${PROMPT} `.repeat(100);
    const times = [];
    for (let i = 0; i < 50; i += 1) {
      const started = performance.now();
      assert.equal((await ask(server.url, text)).status, 403);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    t.diagnostic(`TOTP, RBAC and a ${text.length}-character scan, 50 requests: median `
      + `${times[25].toFixed(2)} ms, max ${times[49].toFixed(2)} ms (round trip)`);
    assert.doesNotMatch(server.log(), /error|uncaught|exception/i, server.log());
  });
});
