import { describe, expect, it } from 'vitest';
import { collectionIdentity, normaliseCollection } from './collections.js';

describe('collectionIdentity', () => {
  it('turns known collections into purls and others into alias-only keys', () => {
    expect(normaliseCollection('https://www.NPMJS.com/package/')).toBe('npmjs.com/package');
    expect(collectionIdentity('https://registry.npmjs.org', '@Scope/Pkg')).toEqual({ kind: 'purl', key: 'purl:npm/@scope/pkg' });
    expect(collectionIdentity('https://pypi.org', 'Zope.Interface')).toEqual({ kind: 'purl', key: 'purl:pypi/zope-interface' });
    expect(collectionIdentity('https://repo.maven.apache.org/maven2', 'org.yaml:snakeyaml')).toEqual({ kind: 'purl', key: 'purl:maven/org.yaml/snakeyaml' });
    expect(collectionIdentity('https://pkg.go.dev', 'github.com/foo/bar')).toEqual({ kind: 'purl', key: 'purl:golang/github.com/foo/bar' });
    expect(collectionIdentity('https://access.redhat.com/downloads/content/package-browser/', 'xz')).toEqual({ kind: 'purl', key: 'purl:rpm/redhat/xz' });
    expect(collectionIdentity('https://wordpress.org/plugins', 'bft-autoresponder')).toEqual({ kind: 'alias', key: 'collection:wordpress.org/plugins:bft-autoresponder' });
    expect(collectionIdentity('https://repo.maven.apache.org/maven2', 'not-a-coordinate')).toEqual({ kind: 'alias', key: 'collection:repo.maven.apache.org/maven2:not-a-coordinate' });
    expect(collectionIdentity(undefined, 'n/a')).toBeNull();
  });
});
