// Scanner's types as an ES module sees them. Compiled with `tsc --noEmit --strict`; each
// `@ts-expect-error` fails the build if its line compiles, as it would were the results
// typed `any`.
import { Scanner } from 'promptward';

const scanner = new Scanner();
const text = 'Card 4111 1111 1111 1111, mail jane@example.com';

const result = scanner.scan(text);
const verdict: string = result.action;
for (const m of result.matches) {
  const found: string = text.slice(m.start, m.end);
  const labels: string[] = [m.rule, m.sensitivity, m.action, found];
  void labels;
  // @ts-expect-error a match has no such field
  void m.matchedText;
}
const sizes: number[] = [result.textLength, result.matches.length];
const ids: string[] = [result.policyHash, result.scanId, scanner.policyHash, verdict];
// @ts-expect-error the verdict is a string, not a number
const wrong: number = result.action;
// @ts-expect-error a result has no such field
void result.text;

scanner.addRule({
  name: 'employee_id', pattern: String.raw`\bEMP\d{6}\b`,
  sensitivity: 'confidential', action: 'redact', redaction: { label: 'EMPLOYEE' },
});
// @ts-expect-error a sensitivity outside the four levels
scanner.addRule({ name: 'x', pattern: 'x', sensitivity: 'secret', action: 'block' });
// @ts-expect-error text is a string
scanner.scan(42);
const firstRule: string | undefined = scanner.rules()[0]?.name;
const blocked: number = scanner.stats().verdicts.block;

const redacted: string = scanner.redact(text);
const stats = scanner.stats();
const counts: number[] = [stats.totalScans, stats.totalMatches];
// @ts-expect-error statistics hold counts, never the text
void stats.lastText;

export { blocked, counts, firstRule, ids, redacted, sizes, wrong };
