import { describe, expect, it } from 'vitest';
import { parseNumber } from './model';

describe('numbers as people type them', () => {
  it('reads full-width digits (the IME default) and thousands separators', () => {
    expect(parseNumber('２００００')).toBe(20000);
    expect(parseNumber('20,000')).toBe(20000);
    expect(parseNumber('２０，０００')).toBe(20000);
    expect(parseNumber(' 1.5 ')).toBe(1.5);
    expect(parseNumber('１．５')).toBe(1.5);
  });
  it('empty is "not given"; anything else unreadable stays an error (NaN), and a misplaced comma is not a separator', () => {
    expect(parseNumber('   ')).toBeUndefined();
    expect(parseNumber('abc')).toBeNaN();
    expect(parseNumber('2,00')).toBeNaN();
  });
});
