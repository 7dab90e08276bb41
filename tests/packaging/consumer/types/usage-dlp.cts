// Scanner's types as a CommonJS module sees them (promptward.d.cts).
import { Scanner } from 'promptward';

const result = new Scanner().scan('mail jane@example.com');
const spans: Array<[number, number]> = result.matches.map((m) => [m.start, m.end]);
const verdict: string = result.action;
// @ts-expect-error a result has no such field
void result.text;

export = { spans, verdict };
