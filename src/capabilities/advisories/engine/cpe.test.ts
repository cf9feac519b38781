import { describe, expect, it } from 'vitest';
import { cpeConstraints, cpeKey, cpeKeyOf, cpeVersionValue, formatCpe23, parseCpe, type Cpe } from './cpe.js';

function parsed(text: string): Cpe {
  const p = parseCpe(text);
  if (!p.ok) throw new Error(p.message);
  return p.cpe;
}

describe('parseCpe 2.3', () => {
  it('reads all eleven components', () => {
    const c = parsed('cpe:2.3:o:microsoft:windows_10_1809:10.0.17763.5820:*:*:*:*:*:x64:*');
    expect(c.binding).toBe('2.3');
    expect(c.part).toBe('o');
    expect(c.vendor).toEqual({ kind: 'value', value: 'microsoft', pattern: false });
    expect(c.version).toEqual({ kind: 'value', value: '10.0.17763.5820', pattern: false });
    expect(c.targetHw).toEqual({ kind: 'value', value: 'x64', pattern: false });
    expect(c.update).toEqual({ kind: 'any' });
    expect(cpeKey(c)).toBe('cpe:microsoft:windows_10_1809');
  });

  it('distinguishes ANY from NA', () => {
    const c = parsed('cpe:2.3:h:mediatek:mt6761:-:*:*:*:*:*:*:*');
    expect(c.version).toEqual({ kind: 'na' });
    expect(cpeVersionValue(c)).toBeNull();
    expect(parsed('cpe:2.3:a:tug:tex_live:*:*:*:*:*:*:*:*').version).toEqual({ kind: 'any' });
  });

  it('unescapes quoted characters and keeps escaped colons inside the value', () => {
    const c = parsed("cpe:2.3:a:clinic\\'s_patient_management_system_project:clinic\\'s_patient_management_system:1.0:*:*:*:*:*:*:*");
    expect(cpeKey(c)).toBe("cpe:clinic's_patient_management_system_project:clinic's_patient_management_system");
    const cisco = parsed('cpe:2.3:o:cisco:ios:15.2\\(4\\)m3:*:*:*:*:*:*:*');
    expect(cpeVersionValue(cisco)).toBe('15.2(4)m3');
    const colon = parsed('cpe:2.3:a:acme:db\\:tools:2.0:*:*:*:*:*:*:*');
    expect(colon.product).toEqual({ kind: 'value', value: 'db:tools', pattern: false });
    expect(cpeKey(colon)).toBe('cpe:acme:db\\:tools');
    expect(cpeVersionValue(colon)).toBe('2.0');
  });

  it('normalises case, whitespace and spaces-for-underscores', () => {
    expect(cpeKeyOf('CPE:2.3:A:Microsoft:Visual_Studio_2022:17.2:*:*:*:*:*:*:*')).toBe('cpe:microsoft:visual_studio_2022');
    expect(cpeKeyOf('cpe:2.3:a:microsoft:visual\\ studio\\ 2022:17.2:*:*:*:*:*:*:*')).toBe('cpe:microsoft:visual_studio_2022');
  });

  it('flags wildcard patterns and refuses them an identity', () => {
    const c = parsed('cpe:2.3:a:micro*:office:*:*:*:*:*:*:*:*');
    expect(c.vendor).toEqual({ kind: 'value', value: 'micro*', pattern: true });
    expect(cpeKey(c)).toBeNull();
    expect(cpeKeyOf('cpe:2.3:a:*:*:*:*:*:*:*:*:*:*')).toBeNull();
    expect(cpeKey(parsed('cpe:2.3:a:acme:widget\\*:1:*:*:*:*:*:*:*'))).toBe('cpe:acme:widget*');
  });

  it('accepts truncated strings as ANY-padded and rejects malformed ones', () => {
    expect(cpeKeyOf('cpe:2.3:a:vendor:product:1.0')).toBe('cpe:vendor:product');
    expect(parseCpe('cpe:2.3:x:vendor:product').ok).toBe(false);
    expect(parseCpe('cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:extra').ok).toBe(false);
    expect(parseCpe('pkg:npm/x').ok).toBe(false);
  });

  it('returns the variant attributes a statement is specific to', () => {
    expect(cpeConstraints(parsed('cpe:2.3:a:mozilla:firefox:-:*:*:*:*:iphone_os:*:*'))).toEqual({ targetSw: 'iphone_os' });
    expect(cpeConstraints(parsed('cpe:2.3:a:kibokolabs:arigato:*:*:*:*:*:wordpress:*:*'))).toEqual({ targetSw: 'wordpress' });
    expect(cpeConstraints(parsed('cpe:2.3:a:x:y:1:sp1:-:*:*:*:*:*'))).toEqual({ update: 'sp1', edition: '-' });
  });
});

describe('parseCpe 2.2 URI', () => {
  it('reads the URI binding with empty components as ANY', () => {
    const c = parsed('cpe:/o:redhat:enterprise_linux:9::baseos');
    expect(c.binding).toBe('2.2');
    expect(cpeKey(c)).toBe('cpe:redhat:enterprise_linux');
    expect(cpeVersionValue(c)).toBe('9');
    expect(c.update).toEqual({ kind: 'any' });
    expect(c.edition).toEqual({ kind: 'value', value: 'baseos', pattern: false });
  });

  it('agrees with 2.3 on identity and version', () => {
    const a = parsed('cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha');
    const b = parsed('cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha:*:*:*:*:*:*:*');
    expect(cpeKey(a)).toBe(cpeKey(b));
    expect(cpeVersionValue(a)).toBe(cpeVersionValue(b));
    expect(formatCpe23(a)).toBe('cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha:*:*:*:*:*:*:*');
  });

  it('percent-decodes and unpacks the edition', () => {
    const c = parsed('cpe:/a:hp:insight%20diagnostics:7.4.0.1570:-:~~online~win2003~x64~');
    expect(cpeKey(c)).toBe('cpe:hp:insight_diagnostics');
    expect(c.update).toEqual({ kind: 'na' });
    expect(cpeConstraints(c)).toEqual({ update: '-', swEdition: 'online', targetSw: 'win2003', targetHw: 'x64' });
    expect(parseCpe('cpe:/a:x:y:%zz').ok).toBe(false);
    expect(parseCpe('cpe:/a:x:y:1:2:3:4:5').ok).toBe(false);
  });

  it('formats back to an escaped 2.3 string', () => {
    expect(formatCpe23(parsed("cpe:/a:clinic's:app:1.0"))).toBe("cpe:2.3:a:clinic\\'s:app:1.0:*:*:*:*:*:*:*");
  });
});
