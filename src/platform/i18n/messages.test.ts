import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeIssue, type Lang } from './messages.js';

/** The first issue of `schema` on `input`, worded for `lang`. */
const say = (schema: z.ZodType, input: unknown, lang: Lang) => {
  const r = schema.safeParse(input, { reportInput: true }); // as the request validator parses (platform/http/validation.ts)
  if (r.success) throw new Error('expected a failure');
  return localizeIssue(r.error.issues[0] as z.core.$ZodIssue, lang);
};

describe('field messages in words a person filling a form reads', () => {
  it('lengths and sizes, without naming JavaScript types', () => {
    expect(say(z.string().min(1), '', 'ja')).toBe('必須項目です。');
    expect(say(z.string().min(8), 'abc', 'en')).toBe('Use at least 8 characters.');
    expect(say(z.string().max(10_000), 'x'.repeat(10_001), 'ja')).toBe('10,000 文字以内で入力してください。');
    expect(say(z.string().max(200), 'x'.repeat(201), 'en')).toBe('Use at most 200 characters.');
    expect(say(z.array(z.string()).max(3), ['a', 'b', 'c', 'd'], 'ja')).toBe('3 件までです。');
    expect(say(z.number().min(0), -1, 'en')).toBe('Enter 0 or more.');
    expect(say(z.number().int().max(100), 101, 'ja')).toBe('100 以下の値を入力してください。');
  });

  it('choices list the allowed values, a long list shortened', () => {
    expect(say(z.enum(['update', 'final']), 'draft', 'ja')).toBe('次のいずれかを指定してください: update、final');
    expect(say(z.enum(['update', 'final']), 'draft', 'en')).toBe('Choose one of: update, final.');
    const many = z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(say(many, 'z', 'en')).toBe('Choose one of: a, b, c, d, e, f, g, h and 2 more.');
  });

  it('formats and types', () => {
    expect(say(z.email(), 'x', 'ja')).toBe('メールアドレスの形式で入力してください。');
    expect(say(z.uuid(), 'x', 'en')).toBe('Not a valid id.');
    expect(say(z.base64(), '!!!notbase64', 'ja')).toBe('内容を読み取れません。base64 で送ってください。');
    expect(say(z.iso.datetime({ offset: true }), 'yesterday', 'en')).toBe('Give a date and time such as 2026-12-07T09:00:00+09:00.');
    expect(say(z.boolean(), 'yes', 'ja')).toBe('true または falseで指定してください。');
    expect(say(z.object({ a: z.string() }).shape.a, undefined, 'en')).toBe('Required.');
  });

  it('the schemas’ own message keys still win', () => {
    expect(say(z.string().refine(() => false, { message: 'required' }), 'x', 'en')).toBe('Required.');
  });
});
