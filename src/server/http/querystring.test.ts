import { parse as fastQuerystring } from 'fast-querystring';
import { describe, expect, it } from 'vitest';
import { parseQuerystring } from './querystring.ts';

describe('parseQuerystring', () => {
  const cases = [
    '', 'a', 'a=', '=v', '&', '&&a=1&', 'a=1&&b=2', 'a=1&a=2&a=3', 'a==b', 'x=1=2=3', 'a=1&b', 'b&a=1', 'a=1;b=2', 'é=ü',
    '__proto__=x', 'constructor=1&toString=2&hasOwnProperty=3',
    // Escapes take fast-querystring's own path.
    'a=%41', 'a+b=c+d', 'q=%E2%9C%93&q=plain', 'bad=%zz',
    `pt=${'eyJhbGciOiJFUzI1NiJ9.'.repeat(30)}sig&device=bench-device-0001`,
  ];
  it.each(cases)('parses %j exactly as fast-querystring does', (query) => {
    const expected = fastQuerystring(query);
    const actual = parseQuerystring(query);
    expect(actual).toStrictEqual(expected);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(actual))).toBeNull();
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
  });

  it('never lets a key reach Object.prototype', () => {
    const parsed = parseQuerystring('__proto__=polluted&constructor=x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.__proto__).toBe('polluted');
  });
});
