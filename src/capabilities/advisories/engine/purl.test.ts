import { describe, expect, it } from 'vitest';
import { formatPurl, makePurl, parsePurl, purlKey, purlKeyOf, purlVersion, type Purl } from './purl.js';

function parsed(text: string): Purl {
  const p = parsePurl(text);
  if (!p.ok) throw new Error(p.message);
  return p.purl;
}

describe('parsePurl', () => {
  it('reads every component', () => {
    expect(parsed('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar&classifier=sources#META-INF/x')).toEqual({
      type: 'maven',
      namespace: 'org.apache.logging.log4j',
      name: 'log4j-core',
      version: '2.14.1',
      qualifiers: { type: 'jar', classifier: 'sources' },
      subpath: 'META-INF/x',
    });
  });

  it('applies the per-type normalisation rules', () => {
    expect(purlKeyOf('pkg:npm/%40Angular/Core@1.0.0')).toBe('purl:npm/@angular/core');
    expect(purlKeyOf('pkg:pypi/Django_Rest_Framework@3.0')).toBe('purl:pypi/django-rest-framework');
    expect(purlKeyOf('pkg:github/Package-Url/purl-spec@244fd47')).toBe('purl:github/package-url/purl-spec');
    // Maven and golang are case-sensitive: left as written.
    expect(purlKeyOf('pkg:maven/org.Example/Lib@1')).toBe('purl:maven/org.Example/Lib');
    expect(purlKeyOf('pkg:golang/github.com/Foo/Bar@v1.2.3')).toBe('purl:golang/github.com/Foo/Bar');
  });

  it('folds PyPI names the way PEP 503 does', () => {
    expect(purlKeyOf('pkg:pypi/zope.interface')).toBe(purlKeyOf('pkg:pypi/Zope-Interface'));
    expect(purlKeyOf('pkg:pypi/a__b..c')).toBe('purl:pypi/a-b-c');
  });

  it('decodes percent-encoded versions and keeps distro qualifiers', () => {
    const p = parsed('pkg:deb/debian/curl@7.50.3-1%2Bdeb9u1?arch=i386&distro=jessie');
    expect(p.version).toBe('7.50.3-1+deb9u1');
    expect(p.qualifiers).toEqual({ arch: 'i386', distro: 'jessie' });
    expect(purlKey(p)).toBe('purl:deb/debian/curl');
  });

  it('rejects what is not a purl', () => {
    expect(parsePurl('notapurl').ok).toBe(false);
    expect(parsePurl('pkg:npm/').ok).toBe(false);
    expect(parsePurl('pkg:maven/just-a-name@1').ok).toBe(false);
  });
});

describe('purlVersion', () => {
  it('folds the rpm epoch qualifier into the version', () => {
    expect(purlVersion(parsed('pkg:rpm/redhat/openssl@1.0.2k-19.el7?arch=x86_64&epoch=1'))).toBe('1:1.0.2k-19.el7');
    expect(purlVersion(parsed('pkg:rpm/redhat/openssl@1.0.2k-19.el7'))).toBe('1.0.2k-19.el7');
    expect(purlVersion(parsed('pkg:npm/lodash'))).toBeNull();
  });
});

describe('makePurl / formatPurl', () => {
  it('builds and normalises from parts', () => {
    const p = makePurl('npm', '@Scope', 'Pkg', '1.0.0');
    expect(p.ok && purlKey(p.purl)).toBe('purl:npm/@scope/pkg');
    expect(p.ok && formatPurl(p.purl)).toBe('pkg:npm/%40scope/pkg@1.0.0');
    expect(makePurl('maven', undefined, 'x').ok).toBe(false);
  });
});
