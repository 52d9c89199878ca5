import { expect, it } from 'vitest';
import { parseRange } from './byte-range.ts';

it.each([
  ['bytes=0-9', 100, { start: 0, end: 9 }],
  ['bytes=90-', 100, { start: 90, end: 99 }],
  ['bytes=-10', 100, { start: 90, end: 99 }],
  ['bytes=-1000', 100, { start: 0, end: 99 }],
  ['bytes=50-5000', 100, { start: 50, end: 99 }],
  ['bytes=99-99', 100, { start: 99, end: 99 }],
  [' bytes = 1 - 2 ', 100, { start: 1, end: 2 }],
  ['bytes=100-', 100, 'unsatisfiable'],
  ['bytes=100-200', 100, 'unsatisfiable'],
  ['bytes=-0', 100, 'unsatisfiable'],
  ['bytes=-5', 0, 'unsatisfiable'],
  ['bytes=9-0', 100, null],
  ['bytes=-', 100, null],
  ['bytes=0-1,4-5', 100, null],
  ['items=0-1', 100, null],
  ['bytes=a-b', 100, null],
  [undefined, 100, null],
] as const)('%j of %i bytes → %j', (header, size, expected) => {
  expect(parseRange(header, size)).toEqual(expected);
});
