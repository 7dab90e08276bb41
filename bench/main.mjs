// The benchmark suite; bench/run builds what it needs, then runs this.
//
//   node bench/main.mjs [--json] [--quick]
//
// A full run writes bench/results/latest.json and bench/results/chart.svg; a quick
// run writes bench/out/quick.json and bench/out/quick-chart.svg, so the committed
// figures always come from full runs. --json prints the JSON on stdout (the table
// then goes to stderr).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

import { renderChart } from './lib/chart.mjs';
import { buildCorpus, sizeOf } from './lib/corpus.mjs';
import {
  checkAgreement, localEngines, scannerBuild, throughput, typicalLatency,
} from './lib/dlp/suite.mjs';
import { POLICY } from './lib/dlp/shared.mjs';
import { startNative } from './lib/native.mjs';
import { importPkg, PKG_DIR, ROOT } from './lib/pkg.mjs';
import { rbacBench } from './lib/rbac.mjs';
import { evaluateGoals, renderTable } from './lib/report.mjs';
import { measureSizes } from './lib/sizes.mjs';
import { startup } from './lib/startup.mjs';
import { totpBench } from './lib/totp.mjs';

const USAGE = 'usage: bench/run [--json] [--quick] [--no-build]';

/** Settings of a full and of a quick run. */
const PLANS = {
  full: { corpusChars: 8_000_000, rounds: 9, batchNs: 40e6, startupRounds: 7 },
  quick: { corpusChars: 2_000_000, rounds: 5, batchNs: 15e6, startupRounds: 3 },
};

const NATIVE = join(ROOT, 'target/release/examples/bench_native');

function parseArgs(argv) {
  const options = { json: false, quick: false };
  for (const arg of argv) {
    if (arg === '--json') {
      options.json = true;
    } else if (arg === '--quick') {
      options.quick = true;
    } else if (arg === '--no-build') {
      // Handled by bench/run.
    } else {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return options;
}

const log = (message) => process.stderr.write(`bench: ${message}\n`);

/** The commit measured, and whether the sources differ from it. */
function revision() {
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      sourcesChanged: git('status', '--porcelain', '--untracked-files=no', '--', 'src',
        'Cargo.toml', 'Cargo.lock', 'examples', 'pkg-config', 'scripts') !== ''
        || git('ls-files', '--others', '--exclude-standard', '--', 'src') !== '',
    };
  } catch {
    return { commit: 'unknown', sourcesChanged: null };
  }
}

/** Runs `work`, stores its result under `name` and notes how long it took. */
async function section(results, name, work) {
  const started = Date.now();
  log(`${name}...`);
  results.details[name] = await work();
  results.meta.seconds[name] = (Date.now() - started) / 1000;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const plan = options.quick ? PLANS.quick : PLANS.full;
  const started = Date.now();
  const out = join(ROOT, 'bench/out');
  mkdirSync(out, { recursive: true });

  const results = {
    meta: {
      date: new Date().toISOString().slice(0, 10),
      ...revision(),
      quick: options.quick,
      rounds: plan.rounds,
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version,
        os: `${os.type()} ${os.release()}`, loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
      },
      seconds: {},
    },
    details: {},
    skipped: {},
  };

  // Sizes first: they build with cargo, which must not run beside the timings.
  await section(results, 'sizes',
    async () => measureSizes(ROOT, PKG_DIR, out, log, { quick: options.quick }));

  log(`corpus: ${plan.corpusChars.toLocaleString('en')} characters per variant`);
  const corpus = buildCorpus(ROOT, plan.corpusChars);
  corpus.size = { prose: sizeOf(corpus.prose), pii: sizeOf(corpus.pii) };
  const corpusPath = join(out, 'corpus.json');
  writeFileSync(corpusPath, JSON.stringify({
    prose: corpus.prose, pii: corpus.pii, typical: corpus.typical, policy: POLICY,
  }));

  const pkg = await importPkg('promptward.js');
  const native = await startNative(NATIVE, corpusPath);
  try {
    const { scanner, engines } = localEngines(pkg.Scanner);
    log('checking that every engine finds the same matches');
    const agreement = await checkAgreement(corpus, engines, native);
    const total = (m) => Object.values(m).reduce((a, b) => a + b, 0);
    results.meta.corpus = {
      sha256: corpus.sha256, sources: corpus.sources, prompts: corpus.prose.length,
      proseBytes: corpus.size.prose.bytes, piiBytes: corpus.size.pii.bytes,
      planted: corpus.planted, matchesByRule: agreement.matches,
      matches: total(agreement.matches.prose) + total(agreement.matches.pii),
    };
    if (!agreement.agree) {
      process.stderr.write(`bench: the engines disagree on ${agreement.differing} `
        + '(engine, prompt) pairs; the first ones:\n');
      for (const d of agreement.differences) {
        process.stderr.write(`  ${d.engine} on ${d.variant} prompt ${d.prompt}:\n`);
        for (const m of d.onlyModule) {
          process.stderr.write(`    only the module: ${m}\n`);
        }
        for (const m of d.onlyEngine) {
          process.stderr.write(`    only ${d.engine}: ${m}\n`);
        }
      }
      return 1;
    }

    results.details.dlp = {};
    const dlp = results.details.dlp;
    await section(results, 'dlp', async () => {
      log('dlp: throughput over the corpus');
      dlp.throughput = await throughput(corpus, engines, scanner, native, plan.rounds);
      log('dlp: the 1 KB typical prompt');
      dlp.typical = await typicalLatency(corpus, engines, scanner, native, plan.rounds,
        plan.batchNs);
      log('dlp: building scanners');
      dlp.build = await scannerBuild(pkg.Scanner, native, plan.rounds, plan.batchNs / 4);
      return dlp;
    });
  } finally {
    native.stop();
  }

  if (typeof pkg.Totp === 'function') {
    await section(results, 'totp', () => totpBench(pkg, plan.rounds, plan.batchNs / 2));
  } else {
    results.skipped.totp = 'the package has no Totp export';
  }
  if (typeof pkg.Rbac === 'function') {
    await section(results, 'rbac', () => rbacBench(pkg, plan, log));
  } else {
    results.skipped.rbac = 'the package has no Rbac export';
  }
  await section(results, 'startup', () => startup(PKG_DIR, plan.startupRounds));

  results.meta.seconds.total = (Date.now() - started) / 1000;
  const keys = headlineKeys(results.details);
  results.goals = evaluateGoals(keys);
  const document = { ...keys, ...results };

  const [jsonPath, chartPath] = options.quick
    ? [join(out, 'quick.json'), join(out, 'quick-chart.svg')]
    : [join(ROOT, 'bench/results/latest.json'), join(ROOT, 'bench/results/chart.svg')];
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(chartPath, renderChart(document));
  const table = renderTable(document);
  if (options.json) {
    process.stderr.write(table);
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    process.stdout.write(table);
  }
  log(`wrote ${jsonPath} and ${chartPath} (${results.meta.seconds.total.toFixed(0)} s)`);
  return 0;
}

/** The dotted top-level keys: the figures a reader or a check looks for first. */
function headlineKeys(d) {
  const keys = {};
  const put = (name, value, digits = 3) => {
    if (value !== undefined && value !== null && !Number.isNaN(value)) {
      keys[name] = Number(value.toFixed(digits));
    }
  };
  if (d.dlp) {
    const t = d.dlp.throughput;
    // The goals are stated on the PII corpus; both corpora together are kept too.
    const pii = t.variants.pii.ratios;
    put('dlp.ratioVsRegExp', pii.moduleVsRegExp.median);
    put('dlp.ratioVsPrefilterPort', pii.moduleVsPrefilterPort.median);
    put('dlp.nativeVsModule', pii.nativeVsModule.median);
    put('dlp.ratioVsRegExpProse', t.variants.prose.ratios.moduleVsRegExp.median);
    put('dlp.ratioVsRegExpBothCorpora', t.ratios.moduleVsRegExp.median);
    put('dlp.usPer1KbPrompt', d.dlp.typical.engines.module.us.median);
    put('dlp.mbPerSProse', t.variants.prose.engines.module.mbPerS.median, 1);
    put('dlp.mbPerSPii', t.variants.pii.engines.module.mbPerS.median, 1);
    put('dlp.defaultScannerMs', d.dlp.build.defaultScanner.ms.median, 4);
  }
  if (d.sizes) {
    const e = d.sizes.engines;
    put('size.totalGzipBytes', d.sizes.total.wasm.gzipBytes, 0);
    put('size.totalBrotliBytes', d.sizes.total.wasm.brotliBytes, 0);
    put('size.dlpGzipBytes', e.dlp.wasm?.gzipBytes, 0);
    put('size.totpGzipBytes', e.totp.wasm?.gzipBytes, 0);
    put('size.rbacGzipBytes', e.rbac.wasm?.gzipBytes, 0);
    put('size.baseGzipBytes', e.base.wasm?.gzipBytes, 0);
  }
  if (d.rbac) {
    put('rbac.ratioVsCasl', d.rbac.ratioVsCasl);
    put('rbac.ratioVsCasbin', d.rbac.ratioVsCasbin);
    put('rbac.costRatio100kVs10', d.rbac.costRatio100kVs10);
  }
  if (d.totp) {
    put('totp.ratioVsOtplib', d.totp.right.ratioVsOtplib.median);
    put('totp.ratioVsOtpauth', d.totp.right.ratioVsOtpauth.median);
  }
  if (d.startup) {
    put('startup.initSyncMs', d.startup.initSync.ms.median);
  }
  return keys;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});
