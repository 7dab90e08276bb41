// The DLP benchmarks: the module (wasm, through its JavaScript API), its native
// build, V8 RegExp and the JavaScript port of its prefilter, first checked to find
// the same matches, then timed over the corpus, on a typical 1 KB prompt, and
// building scanners.
import { scanPrefilter } from './prefilter.mjs';
import { scanRegExp } from './regexp.mjs';
import { POLICY, RULES } from './shared.mjs';
import {
  batch, calibrate, interleave, ratio, scaled, summary, timeNs,
} from '../timing.mjs';

const RULE_INDEX = Object.fromEntries(RULES.map((r, i) => [r, i]));

/** The engines that run in this process, each `prompt -> [[rule, start, end], ...]`. */
export function localEngines(Scanner) {
  const scanner = new Scanner(POLICY);
  return {
    scanner,
    engines: {
      module: (text) => scanner.scan(text).matches
        .map((m) => [RULE_INDEX[m.rule], m.start, m.end]),
      regexp: scanRegExp,
      prefilter: scanPrefilter,
    },
  };
}

/** The native matches of a variant, grouped by prompt, as the local engines give them. */
async function nativeMatches(native, variant, count) {
  const byPrompt = Array.from({ length: count }, () => []);
  for (const [prompt, rule, start, end] of await native.ask(`matches ${variant}`)) {
    byPrompt[prompt].push([RULE_INDEX[rule], start, end]);
  }
  return (i) => byPrompt[i];
}

function describe(text, [rule, start, end]) {
  const context = JSON.stringify(text.slice(Math.max(0, start - 20), end + 20));
  return `${RULES[rule]} ${start}..${end} ${JSON.stringify(text.slice(start, end))} in ${context}`;
}

/**
 * Checks that every engine finds the module's matches (rule, start, end) on every
 * prompt. Returns `{ agree, differing, matches, differences }`: `differing` counts
 * (engine, prompt) pairs that differ, `differences` shows the first few, with what
 * only one side found.
 */
export async function checkAgreement(corpus, engines, native, limit = 10) {
  const differences = [];
  const matches = {};
  let differing = 0;
  for (const variant of ['prose', 'pii']) {
    const prompts = corpus[variant];
    const others = { ...engines };
    delete others.module;
    others.native = await nativeMatches(native, variant, prompts.length);
    const byRule = Object.fromEntries(RULES.map((r) => [r, 0]));
    prompts.forEach((text, i) => {
      const want = engines.module(text);
      for (const m of want) {
        byRule[RULES[m[0]]] += 1;
      }
      const wantKeys = new Set(want.map((m) => m.join()));
      for (const [name, engine] of Object.entries(others)) {
        const got = name === 'native' ? engine(i) : engine(text);
        const gotKeys = new Set(got.map((m) => m.join()));
        if (got.length === want.length && want.every((m) => gotKeys.has(m.join()))) {
          continue;
        }
        differing += 1;
        if (differences.length < limit) {
          differences.push({
            engine: name, variant, prompt: i,
            onlyModule: want.filter((m) => !gotKeys.has(m.join())).map((m) => describe(text, m)),
            onlyEngine: got.filter((m) => !wantKeys.has(m.join())).map((m) => describe(text, m)),
          });
        }
      }
    });
    matches[variant] = byRule;
  }
  return { agree: differing === 0, differing, matches, differences };
}

/** One pass of `scan` over `prompts`, in nanoseconds. */
function passOf(scan, prompts) {
  return async () => timeNs(() => {
    for (const p of prompts) {
      scan(p);
    }
  });
}

/** Throughput over both variants of the corpus, all engines interleaved. */
export async function throughput(corpus, engines, scanner, native, rounds) {
  const contenders = {};
  const variants = ['prose', 'pii'];
  for (const variant of variants) {
    const prompts = corpus[variant];
    contenders[`module:${variant}`] = passOf((p) => scanner.scan(p), prompts);
    contenders[`regexp:${variant}`] = passOf(engines.regexp, prompts);
    contenders[`prefilter:${variant}`] = passOf(engines.prefilter, prompts);
    contenders[`native:${variant}`] = async () => (await native.ask(`pass ${variant}`)).ns;
  }
  // One pass of each first, outside the figures: JIT tiers, caches, lazy setup.
  for (const run of Object.values(contenders)) {
    await run();
  }
  const samples = await interleave(rounds, contenders);

  const result = { variants: {} };
  for (const variant of variants) {
    const bytes = corpus.size[variant].bytes;
    const engineFigures = {};
    for (const engine of ['module', 'regexp', 'prefilter', 'native']) {
      const ns = samples[`${engine}:${variant}`];
      engineFigures[engine] = {
        passMs: scaled(summary(ns), 1e-6),
        mbPerS: summary(ns.map((t) => bytes / 1e6 / (t / 1e9))),
        usPerKb: summary(ns.map((t) => t / 1e3 / (bytes / 1024))),
      };
    }
    const s = (e) => samples[`${e}:${variant}`];
    result.variants[variant] = {
      bytes,
      prompts: corpus[variant].length,
      engines: engineFigures,
      ratios: {
        moduleVsRegExp: ratio(s('regexp'), s('module')),
        moduleVsPrefilterPort: ratio(s('prefilter'), s('module')),
        nativeVsModule: ratio(s('module'), s('native')),
      },
    };
  }
  // Both variants together, round by round.
  const both = (engine) => samples[`${engine}:prose`]
    .map((t, i) => t + samples[`${engine}:pii`][i]);
  result.ratios = {
    moduleVsRegExp: ratio(both('regexp'), both('module')),
    moduleVsPrefilterPort: ratio(both('prefilter'), both('module')),
    nativeVsModule: ratio(both('module'), both('native')),
  };
  return result;
}

/** The typical 1 KB prompt: microseconds per scan for each engine. */
export async function typicalLatency(corpus, engines, scanner, native, rounds, targetNs) {
  const text = corpus.typical;
  const works = {
    module: () => scanner.scan(text),
    // The fixed cost of a call: the same scanner on the empty string.
    moduleEmptyText: () => scanner.scan(''),
    regexp: () => engines.regexp(text),
    prefilter: () => engines.prefilter(text),
  };
  const contenders = {};
  for (const [name, work] of Object.entries(works)) {
    contenders[name] = batch(work, calibrate(work, targetNs));
  }
  const probe = (await native.ask('typical 1000')).ns / 1000;
  const nativeCalls = Math.max(1, Math.round(targetNs / Math.max(probe, 1)));
  contenders.native = async () => (await native.ask(`typical ${nativeCalls}`)).ns / nativeCalls;

  const samples = await interleave(rounds, contenders);
  const engineFigures = {};
  for (const [name, ns] of Object.entries(samples)) {
    engineFigures[name] = { us: scaled(summary(ns), 1e-3) };
  }
  return {
    chars: text.length,
    bytes: Buffer.byteLength(text),
    matches: engines.module(text).map(([rule]) => RULES[rule]),
    engines: engineFigures,
    ratios: {
      moduleVsRegExp: ratio(samples.regexp, samples.module),
      moduleVsPrefilterPort: ratio(samples.prefilter, samples.module),
    },
  };
}

/**
 * Building scanners: `new Scanner()` (the embedded default policy), `new
 * Scanner(policy)` with the seven rules, and the native build of the same policy.
 */
export async function scannerBuild(Scanner, native, rounds, targetNs) {
  const built = [];
  const make = (policy) => () => {
    built.push(new Scanner(policy));
  };
  const free = () => {
    for (const s of built.splice(0)) {
      s.free();
    }
  };
  const timed = (work) => {
    const n = calibrate(() => {
      work();
      free();
    }, targetNs);
    return async () => {
      const ns = timeNs(() => {
        for (let i = 0; i < n; i += 1) {
          work();
        }
      });
      free();
      return ns / n;
    };
  };
  const contenders = {
    defaultScanner: timed(make(undefined)),
    policyScanner: timed(make(POLICY)),
  };
  const probe = (await native.ask('build 100')).ns / 100;
  const nativeCalls = Math.max(1, Math.round(targetNs / Math.max(probe, 1)));
  contenders.nativePolicyScanner = async () => (await native.ask(`build ${nativeCalls}`)).ns
    / nativeCalls;
  const samples = await interleave(rounds, contenders);
  return Object.fromEntries(Object.entries(samples)
    .map(([name, ns]) => [name, { ms: scaled(summary(ns), 1e-6) }]));
}
