// What `npm pack` of pkg/ would publish: the entries, the wasm, the types, the yaml
// helper, README and LICENSE, and nothing else; every path the manifest names is packed;
// the export conditions come in the order that makes every client pick its entry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const root = new URL('../../', import.meta.url);
const pkgDir = new URL('pkg/', root);
const manifest = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8'));

const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', './pkg'], {
  cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
}))[0];
const paths = packed.files.map((f) => f.path).sort();

const EXPECTED = [
  'LICENSE', 'README.md', 'package.json',
  'promptward.js', 'promptward.cjs', 'promptward.workerd.js', 'promptward_web.js',
  'promptward_inline.js', 'promptward_bg.wasm',
  'promptward.d.ts', 'promptward.d.cts', 'promptward_web.d.ts',
  'yaml.js', 'yaml.cjs', 'yaml.d.ts', 'yaml.d.cts',
];

/** Every file path a manifest field or export condition points at. */
function namedPaths(value) {
  if (typeof value === 'string') {
    return [value];
  }
  return Object.values(value ?? {}).flatMap(namedPaths);
}

describe('npm pack of pkg/', () => {
  test('packs the entries, wasm, types, yaml helper, README and LICENSE', (t) => {
    for (const path of EXPECTED) {
      assert.ok(paths.includes(path), `${path} is packed`);
    }
    t.diagnostic(`${packed.filename}: ${packed.size} bytes packed, `
      + `${packed.unpackedSize} unpacked, ${packed.entryCount} files`);
  });

  test('packs no source, test, map or build file', () => {
    // Besides: a second .wasm when the two targets differ, and the bindings' JS snippets
    // (ESM for the web glue, CommonJS copies for the Node glue).
    const unexpected = paths.filter((p) => !EXPECTED.includes(p)
      && p !== 'promptward_node_bg.wasm' && !/^snippets\/[\w-]+\/\w+\.c?js$/.test(p));
    assert.deepEqual(unexpected, []);
    for (const path of paths) {
      assert.doesNotMatch(path, /\.(rs|map|ts\.map)$|test|spec|^\.|\/\./, path);
    }
  });

  test('every path the manifest names is packed', () => {
    const named = [manifest.main, manifest.module, manifest.types,
      ...namedPaths(manifest.exports), ...manifest.sideEffects];
    for (const path of named) {
      assert.ok(paths.includes(path.replace(/^\.\//, '')), `${path} is packed`);
    }
  });

  test('every file a packed module imports, requires or reads is packed', () => {
    // `from './x'`, `import('./x')`, `require('./x')` or require(String.raw`./x`), and
    // the Node glue's `${__dirname}/x`.
    const specifier = /(?:from|import\(|require\((?:String\.raw)?)\s*['"`]\.\/([^'"`]+)['"`]/g;
    const dirname = /\$\{__dirname\}\/([^`]+)`/g;
    let checked = 0;
    for (const path of paths.filter((p) => /\.c?js$/.test(p))) {
      const source = readFileSync(new URL(path, pkgDir), 'utf8');
      const folder = path.includes('/') ? path.replace(/[^/]+$/, '') : '';
      for (const [, relative] of [...source.matchAll(specifier), ...source.matchAll(dirname)]) {
        const target = `${folder}${relative}`;
        assert.ok(paths.includes(target), `${path} refers to ${target}, which is packed`);
        checked += 1;
      }
    }
    // At least the entries' own: web glue and base64 module, workerd's .wasm, Node's .wasm.
    assert.ok(checked >= 4, `${checked} references found`);
  });

  test('export conditions: types first, workerd before browser and default', () => {
    const main = manifest.exports['.'];
    assert.equal(manifest.type, 'module');
    assert.deepEqual(Object.keys(main), ['types', 'workerd', 'node', 'browser', 'default']);
    assert.deepEqual(Object.keys(main.types), ['require', 'default']);
    assert.equal(main.types.require, './promptward.d.cts');
    assert.deepEqual(Object.keys(manifest.exports['./yaml']),
      ['types', 'import', 'require']);
    assert.equal(manifest.exports['./package.json'], './package.json');
  });

  test('manifest: name, version of the crate, licence, the yaml dependency', () => {
    const cargo = readFileSync(new URL('Cargo.toml', root), 'utf8');
    const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)?.[1];
    assert.equal(manifest.name, 'promptward');
    assert.equal(manifest.version, version);
    assert.equal(manifest.license, 'MIT');
    assert.match(readFileSync(new URL('LICENSE', pkgDir), 'utf8'), /^MIT License/);
    assert.ok(manifest.dependencies.yaml, 'promptward/yaml needs the yaml package');
  });

  test('the embedded base64 module is the shipped .wasm, and valid', async () => {
    const wasm = readFileSync(new URL('promptward_bg.wasm', pkgDir));
    const { wasmBase64 } = await import(new URL('promptward_inline.js', pkgDir));
    assert.ok(Buffer.from(wasmBase64, 'base64').equals(wasm));
    assert.ok(WebAssembly.validate(wasm));
  });

  test('the CommonJS entries load where Node cannot require an ES module', () => {
    // Node before 20.19 (and 22.12) has no require() of ES modules; this flag restores that.
    const script = `const p = require('./pkg/promptward.cjs');
      const y = require('./pkg/yaml.cjs');
      process.stdout.write(JSON.stringify([new p.Scanner().scan('a@b.co').action,
        new p.Rbac({ roles: { r: ['a:b'] } }).check({ roles: ['r'] }, 'a:b'),
        p.hotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 0), typeof y.parsePolicyText]));`;
    const out = execFileSync(process.execPath, ['--no-experimental-require-module', '-e', script],
      { cwd: root, encoding: 'utf8' });
    // RFC 4226 appendix D: counter 0 of the key "12345678901234567890".
    assert.deepEqual(JSON.parse(out), ['warn', true, '755224', 'function']);
  });
});
