// The results as one SVG for the README: throughput, ratios, latency and sizes as
// horizontal bars, with the date and the machine they were measured on. Plain SVG
// text, no dependencies.

const WIDTH = 960;
const COLUMN = 460;
const BAR = 16;
const GAP = 6;
const LABEL = 150;
const COLORS = {
  module: '#2b6cb0', native: '#2f855a', regexp: '#c05621', prefilter: '#b7791f',
  other: '#718096', budget: '#c53030',
};

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;',
  })[c]);
}

function text(x, y, content, attrs = '') {
  return `<text x="${x}" y="${y}" ${attrs}>${escape(content)}</text>`;
}

/**
 * A panel of horizontal bars at (x, y). Rows are `{ label, value, note, color }`;
 * `markers` are `{ value, label }` vertical lines (budgets). Returns `{ svg, height }`.
 */
function panel(x, y, title, rows, { markers = [], unit = '', log = false } = {}) {
  const parts = [text(x, y + 14, title, 'class="h"')];
  const plotWidth = COLUMN - LABEL - 90;
  const max = Math.max(...rows.map((r) => r.value), ...markers.map((m) => m.value), 1e-9);
  // On a log scale the shortest bar stands for a tenth of the smallest value.
  const floor = Math.min(...rows.map((r) => r.value).filter((v) => v > 0)) / 10;
  const scale = log
    ? (v) => Math.log10(Math.max(v, floor) / floor) / Math.log10(max / floor)
    : (v) => v / max;
  let cy = y + 26;
  for (const row of rows) {
    const w = Math.max(1, scale(row.value) * plotWidth);
    parts.push(text(x + LABEL - 6, cy + BAR - 4, row.label, 'text-anchor="end"'));
    parts.push(`<rect x="${x + LABEL}" y="${cy}" width="${w.toFixed(1)}" height="${BAR}" `
      + `fill="${row.color ?? COLORS.other}"/>`);
    parts.push(text(x + LABEL + w + 4, cy + BAR - 4, row.note ?? `${row.value}${unit}`));
    cy += BAR + GAP;
  }
  for (const m of markers) {
    const mx = x + LABEL + scale(m.value) * plotWidth;
    parts.push(`<line x1="${mx.toFixed(1)}" y1="${y + 22}" x2="${mx.toFixed(1)}" y2="${cy - 2}" `
      + `stroke="${COLORS.budget}" stroke-dasharray="4 3"/>`);
    parts.push(text(mx + 3, y + 22, m.label, 'class="m"'));
  }
  return { svg: parts.join('\n'), height: cy - y + 14 };
}

const fixed = (v, digits = 1) => (v === undefined ? '–' : v.toFixed(digits));

/** A rate per second with a k/M suffix. */
function rate(v) {
  if (v >= 1e6) {
    return `${(v / 1e6).toFixed(2)} M/s`;
  }
  return v >= 1e3 ? `${(v / 1e3).toFixed(1)} k/s` : `${v.toFixed(0)} /s`;
}

const NAMES = {
  native: 'native Rust', module: 'module (wasm)', prefilter: 'JS prefilter port',
  regexp: 'V8 RegExp',
};

/** The chart of a results object (see main.mjs). */
export function renderChart(results) {
  const { meta, details } = results;
  const columns = [[], []];
  const dlp = details.dlp;

  if (dlp?.throughput) {
    const rows = [];
    for (const [engine, label] of Object.entries(NAMES)) {
      for (const variant of ['prose', 'pii']) {
        const v = dlp.throughput.variants[variant].engines[engine].mbPerS.median;
        rows.push({
          label: `${label}, ${variant}`, value: v, note: `${fixed(v, 0)} MB/s`,
          color: COLORS[engine],
        });
      }
    }
    columns[0].push(['DLP scan throughput (7 rules, higher is better)', rows, {}]);
    const r = dlp.throughput.variants.pii.ratios;
    columns[0].push(['DLP speed-up of the module, PII corpus (median of rounds)', [
      { label: 'vs V8 RegExp', value: r.moduleVsRegExp.median,
        note: `${fixed(r.moduleVsRegExp.median, 2)}x`, color: COLORS.regexp },
      { label: 'vs JS prefilter port', value: r.moduleVsPrefilterPort.median,
        note: `${fixed(r.moduleVsPrefilterPort.median, 2)}x`, color: COLORS.prefilter },
    ], { markers: [{ value: 8, label: 'goal 8x' }] }]);
  }
  if (dlp?.typical) {
    const rows = ['native', 'module', 'prefilter', 'regexp'].map((engine) => {
      const v = dlp.typical.engines[engine].us.median;
      return { label: NAMES[engine], value: v,
        note: `${fixed(v, 2)} µs`, color: COLORS[engine] };
    });
    const empty = dlp.typical.engines.moduleEmptyText?.us.median;
    if (empty !== undefined) {
      rows.splice(2, 0, { label: 'module, empty text', value: empty,
        note: `${fixed(empty, 2)} µs (call cost)`, color: COLORS.module });
    }
    columns[1].push(['Scan of the 1 KB typical prompt (lower is better)', rows,
      { markers: [{ value: 2, label: 'goal 2 µs' }] }]);
  }
  if (dlp?.build || details.startup) {
    const rows = [];
    if (dlp?.build) {
      rows.push({ label: 'new Scanner()', value: dlp.build.defaultScanner.ms.median,
        note: `${fixed(dlp.build.defaultScanner.ms.median, 3)} ms`, color: COLORS.module });
      rows.push({ label: 'Scanner, 7 rules', value: dlp.build.policyScanner.ms.median,
        note: `${fixed(dlp.build.policyScanner.ms.median, 3)} ms`, color: COLORS.module });
    }
    if (details.startup) {
      rows.push({ label: 'initSync (cold)', value: details.startup.initSync.ms.median,
        note: `${fixed(details.startup.initSync.ms.median, 2)} ms`, color: COLORS.other });
      rows.push({ label: 'import (cold)', value: details.startup.importEntry.ms.median,
        note: `${fixed(details.startup.importEntry.ms.median, 2)} ms`, color: COLORS.other });
    }
    columns[1].push(['Start-up (lower is better)', rows,
      { markers: dlp?.build ? [{ value: 2.5, label: 'goal 2.5 ms' }] : [] }]);
  }
  if (details.sizes) {
    const kb = (b) => b / 1000;
    const e = details.sizes.engines;
    const rows = [['dlp', e.dlp], ['totp', e.totp], ['rbac', e.rbac], ['no engine (base)', e.base],
      ['whole module', details.sizes.total]].filter(([, s]) => s.wasm).map(([label, s]) => ({
      label, value: kb(s.wasm.gzipBytes), note: `${fixed(kb(s.wasm.gzipBytes))} KB`,
      color: label === 'whole module' ? COLORS.module : COLORS.other,
    }));
    columns[1].push(['wasm size, gzip -9 (lower is better)', rows,
      { markers: [{ value: 30, label: 'dlp 30' }, { value: 100, label: 'all 100' }] }]);
  }
  if (details.rbac) {
    const rows = [];
    for (const [size, figures] of Object.entries(details.rbac.sizes)) {
      for (const [engine, color] of [['module', COLORS.module], ['casl', COLORS.regexp],
        ['casbin', COLORS.prefilter]]) {
        const v = figures[engine]?.perS.median;
        if (v !== undefined) {
          rows.push({ label: `${engine}, ${Number(size).toLocaleString('en')} grants`,
            value: v, note: rate(v), color });
        }
      }
    }
    columns[0].push(['RBAC checks per second (log scale, higher is better)', rows,
      { log: true }]);
  }
  if (details.totp) {
    const rows = [];
    for (const kind of ['right', 'wrong']) {
      for (const [engine, color] of [['module', COLORS.module], ['otplib', COLORS.regexp],
        ['otpauth', COLORS.other]]) {
        const v = details.totp[kind][engine].perS.median;
        rows.push({ label: `${engine}, ${kind} code`, value: v, note: rate(v), color });
      }
    }
    columns[0].push(['TOTP verifications per second (higher is better)', rows, {}]);
  }

  const body = [];
  let height = 0;
  columns.forEach((panels, c) => {
    let y = 70;
    for (const [title, rows, options] of panels) {
      const p = panel(20 + c * (COLUMN + 20), y, title, rows, options);
      body.push(p.svg);
      y += p.height;
    }
    height = Math.max(height, y);
  });
  const subtitle = `${meta.date} · ${meta.commit ?? ''}${meta.sourcesChanged ? '+' : ''} · `
    + `${meta.machine.cpu} (${meta.machine.cores} cores) · `
    + `Node ${meta.machine.node} · ${meta.quick ? 'quick run' : 'full run'}, `
    + `medians of ${meta.rounds} interleaved rounds`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height + 10}" `
    + `viewBox="0 0 ${WIDTH} ${height + 10}" font-family="sans-serif" font-size="11">
<style>.h{font-weight:bold;font-size:12px}.t{font-weight:bold;font-size:16px}`
    + `.m{fill:${COLORS.budget};font-size:10px}</style>
<rect width="100%" height="100%" fill="#fff"/>
${text(20, 28, 'promptward benchmarks', 'class="t"')}
${text(20, 48, subtitle)}
${body.join('\n')}
</svg>
`;
}
