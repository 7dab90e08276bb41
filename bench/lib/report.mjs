// The results as a text table, the headline keys, and the goals met or not.

const LABELS = {
  native: 'native Rust (same code)', module: 'module (wasm, JS API)',
  prefilter: 'JS port of the prefilter', regexp: 'V8 RegExp + validators',
};

/** A rate per second with a k/M suffix. */
function rate(v) {
  if (v >= 1e6) {
    return `${(v / 1e6).toFixed(2)} M/s`;
  }
  return v >= 1e3 ? `${(v / 1e3).toFixed(1)} k/s` : `${v.toFixed(0)} /s`;
}

/** A rate summary: `median (min–max)`. */
const rates = (s) => `${rate(s.median)} (${rate(s.min)}–${rate(s.max)})`;

const num = (v, digits = 2) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));

/** `median (min–max)` of a summary, scaled to a unit. */
function cell(s, digits = 2) {
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

/** The goals of the suite, each met or not, with the measured figure. */
export function evaluateGoals(keys) {
  const goal = (name, measured, met, unit) => ({
    goal: name, measured: measured === undefined ? null : measured, unit,
    met: measured === undefined ? null : met,
  });
  const k = (name) => keys[name];
  const rbacFlat = k('rbac.costRatio100kVs10');
  return [
    goal('DLP scan >= 8x V8 RegExp (PII corpus)', k('dlp.ratioVsRegExp'),
      k('dlp.ratioVsRegExp') >= 8, 'x'),
    goal('DLP scan ahead of the JS prefilter port (PII)', k('dlp.ratioVsPrefilterPort'),
      k('dlp.ratioVsPrefilterPort') > 1, 'x'),
    goal('<= 2 us median for the 1 KB prompt', k('dlp.usPer1KbPrompt'),
      k('dlp.usPer1KbPrompt') <= 2, 'us'),
    goal('building the default scanner <= 2.5 ms', k('dlp.defaultScannerMs'),
      k('dlp.defaultScannerMs') <= 2.5, 'ms'),
    goal('DLP engine <= 30 KB gzip', k('size.dlpGzipBytes'),
      k('size.dlpGzipBytes') <= 30_000, 'bytes'),
    goal('whole module <= 100 KB gzip', k('size.totalGzipBytes'),
      k('size.totalGzipBytes') <= 100_000, 'bytes'),
    goal('RBAC check cost flat from 10 to 100,000 grants (<= 1.5x)', rbacFlat,
      rbacFlat <= 1.5, 'x'),
    goal('RBAC ahead of CASL (every size)', k('rbac.ratioVsCasl'), k('rbac.ratioVsCasl') > 1, 'x'),
    goal('RBAC ahead of casbin (every size)', k('rbac.ratioVsCasbin'),
      k('rbac.ratioVsCasbin') > 1, 'x'),
  ];
}

/** The table printed at the end of a run. */
export function renderTable(results) {
  const lines = [];
  const row = (name, value, extra = '') => lines.push(
    `  ${name.padEnd(34)}${String(value).padEnd(38)} ${extra}`.trimEnd());
  const heading = (title) => lines.push('', title);
  const { details, meta } = results;

  lines.push(`promptward benchmarks: ${meta.date}, ${meta.commit}`
    + `${meta.sourcesChanged ? ' (with local changes)' : ''}, ${meta.machine.cpu}, `
    + `Node ${meta.machine.node}`
    + `${meta.quick ? ' (quick)' : ''}; median (min–max) of ${meta.rounds} rounds`);
  const dlp = details.dlp;
  if (dlp) {
    lines.push(`  corpus: ${meta.corpus.prompts} prompts per variant, `
      + `${(meta.corpus.proseBytes / 1e6).toFixed(1)} MB prose, `
      + `${(meta.corpus.piiBytes / 1e6).toFixed(1)} MB with PII; all engines agree on `
      + `${meta.corpus.matches} matches`);
    for (const variant of ['prose', 'pii']) {
      const v = dlp.throughput.variants[variant];
      heading(`DLP throughput, ${variant} (MB/s)`);
      for (const engine of ['native', 'module', 'prefilter', 'regexp']) {
        row(LABELS[engine], cell(v.engines[engine].mbPerS, 1),
          `${num(v.engines[engine].usPerKb.median, 2)} us/KB`);
      }
      row('module vs V8 RegExp', `${cell(v.ratios.moduleVsRegExp)}x`);
      row('module vs JS prefilter port', `${cell(v.ratios.moduleVsPrefilterPort)}x`);
      row('native vs module', `${cell(v.ratios.nativeVsModule)}x`);
    }
    heading(`DLP, 1 KB typical prompt (${dlp.typical.chars} chars; us per scan)`);
    for (const engine of ['native', 'module', 'prefilter', 'regexp']) {
      row(LABELS[engine], cell(dlp.typical.engines[engine].us, 3));
    }
    if (dlp.typical.engines.moduleEmptyText) {
      row('module, empty text (call cost)', cell(dlp.typical.engines.moduleEmptyText.us, 3));
    }
    heading('DLP, building a scanner (ms)');
    for (const [name, label] of [['defaultScanner', 'new Scanner() (default policy)'],
      ['policyScanner', 'new Scanner(7 rules)'], ['nativePolicyScanner', 'native, 7 rules']]) {
      row(label, cell(dlp.build[name].ms, 4));
    }
  }
  if (details.startup) {
    heading('Start-up, cold process (ms)');
    row('initSync(wasm bytes)', cell(details.startup.initSync.ms));
    row('import promptward (embedded)', cell(details.startup.importEntry.ms));
  }
  if (details.rbac) {
    heading('RBAC checks per second (the user holds a tenth of the roles)');
    for (const [size, f] of Object.entries(details.rbac.sizes)) {
      for (const engine of ['module', 'casl', 'casbin']) {
        if (f[engine]) {
          row(`${engine}, ${size} grants`, rates(f[engine].perS),
            `${num(f[engine].ns.median / 1e3, 3)} us per check`);
        }
      }
      row(`module vs CASL / casbin, ${size}`, `${num(f.ratioVsCasl?.median)}x / `
        + `${num(f.ratioVsCasbin?.median)}x`);
    }
  } else if (results.skipped?.rbac) {
    heading(`RBAC: skipped (${results.skipped.rbac})`);
  }
  if (details.totp) {
    heading('TOTP verifications per second (SHA1, 6 digits, window 1)');
    for (const kind of ['right', 'wrong']) {
      const f = details.totp[kind];
      for (const engine of ['module', 'otplib', 'otpauth']) {
        row(`${engine}, ${kind} code`, rates(f[engine].perS),
          `${num(f[engine].us.median, 2)} us per verify`);
      }
      row(`vs otplib / otpauth, ${kind}`,
        `${cell(f.ratioVsOtplib)}x / ${cell(f.ratioVsOtpauth)}x`);
    }
  } else if (results.skipped?.totp) {
    heading(`TOTP: skipped (${results.skipped.totp})`);
  }
  if (details.sizes) {
    heading('wasm after wasm-opt -Oz (bytes: raw / gzip -9 / brotli; code and data sections)');
    const s = details.sizes;
    for (const [name, f] of [...Object.entries(s.engines), ['whole module (pkg/)', s.total]]) {
      if (f.error) {
        row(name, f.error);
      } else {
        row(name, `${f.wasm.rawBytes} / ${f.wasm.gzipBytes} / ${f.wasm.brotliBytes}`,
          `code ${f.wasm.codeBytes}, data ${f.wasm.dataBytes}; JS glue gzip ${f.glue.gzipBytes}`);
      }
    }
  }
  heading('Goals');
  for (const g of results.goals) {
    const verdict = g.met === null ? 'not measured' : g.met ? 'met' : 'NOT met';
    const measured = g.measured === null ? ''
      : `: ${num(g.measured, g.unit === 'bytes' ? 0 : 2)} ${g.unit}`;
    lines.push(`  ${`[${verdict}]`.padEnd(15)}${g.goal}${measured}`);
  }
  return `${lines.join('\n')}\n`;
}
