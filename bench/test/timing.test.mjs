// Statistics of the timing helpers, against values worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { interleave, ratio, summary } from '../lib/timing.mjs';

test('summary: median, quartiles and extremes', () => {
  assert.deepEqual(summary([5, 1, 4, 2, 3]), { median: 3, min: 1, max: 5, q1: 2, q3: 4, n: 5 });
  // Even count: the median lies halfway between 2 and 3; q1 a quarter of the way.
  assert.deepEqual(summary([4, 1, 3, 2]), {
    median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25, n: 4,
  });
});

test('ratio is taken round by round', () => {
  // Rounds 1-3: slow/fast = 4, 2, 3; the median is 3, not 12/4 = 3 by luck of totals.
  const r = ratio([8, 2, 9], [2, 1, 3]);
  assert.equal(r.median, 3);
  assert.equal(r.min, 2);
  assert.equal(r.max, 4);
});

test('interleave rotates the order of the contenders every round', async () => {
  const order = [];
  const contender = (name) => async () => {
    order.push(name);
    return 1;
  };
  await interleave(3, { a: contender('a'), b: contender('b'), c: contender('c') });
  assert.deepEqual(order, ['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
});
