// The size of the wasm module, per engine and whole, as it ships: a release build
// with only that engine's feature (`--no-default-features --features <engine>,wasm`),
// wasm-bindgen's web glue, wasm-opt -Oz from the root's node_modules (binaryen from
// npm, as scripts/build uses), then gzip -9 and brotli (quality 11) via node:zlib.
// Builds go to target/bench-size, away from pkg/'s, and results are cached in
// bench/out/ under a hash of the sources, so an unchanged tree costs nothing.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The engine builds: name -> cargo features (besides `--no-default-features`). */
const BUILDS = { dlp: 'dlp,wasm', totp: 'totp,wasm', rbac: 'rbac,wasm', base: 'wasm' };

const SECTIONS = { 10: 'codeBytes', 11: 'dataBytes' };

/** The sizes of the code and data sections of a wasm module. */
export function wasmSections(bytes) {
  const out = { codeBytes: 0, dataBytes: 0 };
  let p = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[p];
      p += 1;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  while (p < bytes.length) {
    const id = bytes[p];
    p += 1;
    const size = leb();
    if (SECTIONS[id]) {
      out[SECTIONS[id]] = size;
    }
    p += size;
  }
  return out;
}

/** Raw, gzip -9 and brotli sizes of some bytes. */
export function compressedSizes(bytes) {
  return {
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
}

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...filesUnder(path));
    } else {
      out.push(path);
    }
  }
  return out.sort();
}

function run(command, args, options) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe', ...options });
  } catch (error) {
    const detail = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-15);
    throw new Error(`${command} ${args.join(' ')} failed:\n${detail.join('\n')}`);
  }
}

/** Bumped when the cached figures change shape. */
const CACHE_FORMAT = 2;

/** A hash of everything a wasm build depends on. */
function sourceKey(root, env) {
  const hash = createHash('sha256').update(`format ${CACHE_FORMAT}\0`);
  for (const path of ['Cargo.toml', 'Cargo.lock', ...filesUnder(join(root, 'src'))]) {
    const full = path.startsWith('/') ? path : join(root, path);
    hash.update(`${full}\0`).update(readFileSync(full));
  }
  hash.update(run('wasm-opt', ['--version'], { env }));
  hash.update(run('wasm-bindgen', ['--version'], { env }));
  return hash.digest('hex');
}

function buildOne(root, env, features, log) {
  log(`sizes: cargo build --no-default-features --features ${features}`);
  run('cargo', ['build', '--profile', 'wasm', '--target', 'wasm32-unknown-unknown',
    '--no-default-features', '--features', features], { cwd: root, env });
  const wasm = join(env.CARGO_TARGET_DIR, 'wasm32-unknown-unknown/wasm/promptward.wasm');
  const work = mkdtempSync(join(env.CARGO_TARGET_DIR, 'glue-'));
  try {
    run('wasm-bindgen', [wasm, '--target', 'web', '--out-dir', work], { env });
    const opt = join(work, 'opt.wasm');
    run('wasm-opt', ['-Oz', join(work, 'promptward_bg.wasm'), '-o', opt], { env });
    const bytes = readFileSync(opt);
    return {
      wasm: { ...compressedSizes(bytes), ...wasmSections(bytes) },
      glue: compressedSizes(readFileSync(join(work, 'promptward.js'))),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Sizes of each engine alone, of the base every build shares, and of the whole
 * module in pkg/. An engine that fails to build alone gets `{ error }`; so does one
 * a quick run does not build (all but dlp, unless cached). `log` reports builds.
 */
export function measureSizes(root, pkgDir, cacheDir, log, { quick = false } = {}) {
  const env = {
    ...process.env,
    CARGO_TARGET_DIR: join(root, 'target/bench-size'),
    PATH: `${join(root, 'node_modules/.bin')}:${join(homedir(), '.cargo/bin')}:`
      + `${process.env.PATH}`,
  };
  mkdirSync(cacheDir, { recursive: true });
  const cachePath = join(cacheDir, 'sizes-cache.json');
  const cache = existsSync(cachePath) ? JSON.parse(readFileSync(cachePath, 'utf8')) : {};
  const key = sourceKey(root, env);

  const engines = {};
  let built = false;
  for (const [name, features] of Object.entries(BUILDS)) {
    const cacheKey = `${key}:${features}`;
    if (cache[cacheKey]) {
      engines[name] = cache[cacheKey];
      continue;
    }
    if (quick && name !== 'dlp') {
      // A quick run builds only the engine its headline keys need.
      engines[name] = { error: 'not built in a quick run (no cached build of this tree)' };
      continue;
    }
    try {
      engines[name] = buildOne(root, env, features, log);
      cache[cacheKey] = engines[name];
      built = true;
    } catch (error) {
      // One engine that does not build alone must not hide the others' sizes.
      const first = error.message.split('\n').find((l) => l.startsWith('error')) ?? '';
      log(`sizes: ${name} does not build alone: ${first}`);
      engines[name] = { error: `does not build alone: ${first}` };
    }
  }
  if (built) {
    // Keep only this tree's entries.
    const fresh = Object.fromEntries(Object.entries(cache).filter(([k]) => k.startsWith(key)));
    writeFileSync(cachePath, JSON.stringify(fresh, null, 1));
  }

  const file = (name) => join(pkgDir, name);
  const whole = readFileSync(file('promptward_bg.wasm'));
  const total = {
    wasm: { ...compressedSizes(whole), ...wasmSections(whole) },
    glue: compressedSizes(readFileSync(file('promptward_web.js'))),
    inlineEntryBytes: statSync(file('promptward_inline.js')).size,
  };
  return { engines, total, cached: !built };
}
