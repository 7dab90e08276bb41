// Writes enrolment URIs and every QR rendering of them, made by the built package
// (pkg/), into a directory for qr_zbar.py to decode:
//
//   node tests/differential/qr_fixtures.mjs DIR
//
// For each case N: qrN.uri, qrN.svg, qrN.png (from the data URL), qrN.light.txt and
// qrN.dark.txt (terminal renderings for light and dark backgrounds).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { qrPngDataUrl, qrSvg, qrTerminal, Totp } from '../../pkg/promptward.js';

// Spaces, `@`, `&`, `+`, `%`, `#`, `/`, `?`, `=`, quotes and non-ASCII (Latin,
// emoji, CJK) in issuer and account.
const ACCOUNTS = [
  ['jo@example.org', 'ACME Co'],
  ['a+b&c=d@x.y', 'Smith & Wesson + Co'],
  ['Jörg Müller', 'Bücher 📚 GmbH'],
  ['用户@例子.中国', '公司'],
  ['100% #1 /path?x=y', '50% off "today"'],
  ['plain', undefined],
];

const dir = process.argv[2];
if (!dir) {
  throw new Error('usage: node tests/differential/qr_fixtures.mjs DIR');
}
const totp = new Totp({});
ACCOUNTS.forEach(([account, issuer], index) => {
  const options = index % 2 === 1 ? { algorithm: 'SHA256', digits: 8, period: 60 } : {};
  const uri = totp.uri({ secret: 'JBSWY3DPEHPK3PXP', account, issuer, ...options });
  const base = join(dir, `qr${index}`);
  writeFileSync(`${base}.uri`, uri);
  writeFileSync(`${base}.svg`, qrSvg(uri));
  const [head, data] = qrPngDataUrl(uri).split(',');
  if (head !== 'data:image/png;base64') {
    throw new Error(`unexpected data URL header ${head}`);
  }
  writeFileSync(`${base}.png`, Buffer.from(data, 'base64'));
  writeFileSync(`${base}.light.txt`, qrTerminal(uri, { background: 'light' }));
  writeFileSync(`${base}.dark.txt`, qrTerminal(uri, { background: 'dark' }));
});
