import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectHashKind, normalizeObservable, plainAsciiHost, refang, refangAll, type ObservableKind } from './normalize.js';

/** [input, canonical form] pairs: every spelling on the left must index as the right. */
function accepts(kind: ObservableKind, cases: [string, string][]) {
  it.each(cases)(`${kind}: %j → %j`, (input, expected) => {
    expect(normalizeObservable(kind, input)).toEqual({ ok: true, kind, value: expected });
  });
}

/** [input, reason] pairs: each must be refused, with that reason. */
function rejects(kind: ObservableKind, cases: [string, string][]) {
  it.each(cases)(`${kind}: rejects %j (%s)`, (input, reason) => {
    expect(normalizeObservable(kind, input)).toEqual({ ok: false, reason });
  });
}

describe('ipv4', () => {
  accepts('ipv4', [
    ['198.51.100.7', '198.51.100.7'],
    ['  198.51.100.7\n', '198.51.100.7'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['１９８．５１．１００．７', '198.51.100.7'], // full-width, as typed through a Japanese IME
    ['198[.]51[.]100[.]7', '198.51.100.7'],
    ['198(.)51(.)100(.)7', '198.51.100.7'],
    ['198.51.100[.]7', '198.51.100.7'],
    ['198.51.100.0/24', '198.51.100.0/24'],
    ['198.51.100.77/24', '198.51.100.0/24'], // host bits cleared: the network is the indicator
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['198.51.100.7/32', '198.51.100.7'],
    ['203.0.113.200/31', '203.0.113.200/31'],
    ['1.2.3.4/0', '0.0.0.0/0'],
  ]);
  rejects('ipv4', [
    ['010.1.1.1', 'ambiguous leading zero in IPv4 address'],
    ['192.168.001.1', 'ambiguous leading zero in IPv4 address'],
    ['256.1.1.1', 'IPv4 octet out of range'],
    ['1.2.3', 'not an IPv4 address'],
    ['1.2.3.4.5', 'not an IPv4 address'],
    ['0x7f.0.0.1', 'not an IPv4 address'],
    ['2130706433', 'not an IPv4 address'],
    ['1.2.3.4/33', 'invalid IPv4 prefix length'],
    ['1.2.3.4/024', 'invalid IPv4 prefix length'],
    ['1.2.3.4/', 'invalid IPv4 prefix length'],
    ['1.2.3.4/8/8', 'not an IPv4 address'],
    ['evil.example', 'not an IPv4 address'],
    ['', 'not an IPv4 address'],
  ]);
});

describe('ipv6 (RFC 5952)', () => {
  accepts('ipv6', [
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // tie: the first run is compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['fe80::', 'fe80::'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:db8[:][:]1', '2001:db8::1'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'], // IPv4-mapped: mixed notation (RFC 5952 §5)
    ['0:0:0:0:0:FFFF:C000:0201', '::ffff:192.0.2.1'],
    ['::ffff:0:c000:201', '::ffff:0:192.0.2.1'], // IPv4-translated (RFC 2765)
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'], // embedded IPv4 elsewhere stays hexadecimal
    ['::192.0.2.1', '::c000:201'],
    ['2001:db8::1/64', '2001:db8::/64'],
    ['2001:db8:abcd:1234:5678::/48', '2001:db8:abcd::/48'],
    ['2001:db8::7/127', '2001:db8::6/127'],
    ['2001:db8::1/128', '2001:db8::1'],
    ['２００１：ｄｂ８：：１', '2001:db8::1'],
  ]);
  rejects('ipv6', [
    ['1::2::3', 'not an IPv6 address'],
    ['1:2:3:4:5:6:7:8:9', 'not an IPv6 address'],
    ['1:2:3:4:5:6:7', 'not an IPv6 address'],
    ['1:2:3:4:5:6:7:8::', 'not an IPv6 address'],
    ['12345::1', 'not an IPv6 address'],
    ['g::1', 'not an IPv6 address'],
    ['::ffff:192.0.2.256', 'not an IPv6 address'],
    ['::192.0.2.1:1', 'not an IPv6 address'],
    ['fe80::1%eth0', 'IPv6 zone index not allowed'],
    ['2001:db8::/129', 'invalid IPv6 prefix length'],
    ['198.51.100.7', 'not an IPv6 address'],
  ]);
});

describe('domain', () => {
  accepts('domain', [
    ['evil.example', 'evil.example'],
    ['Evil.EXAMPLE', 'evil.example'],
    ['evil.example.', 'evil.example'],
    ['evil[.]example', 'evil.example'],
    ['evil(.)example', 'evil.example'],
    ['evil[dot]example', 'evil.example'],
    ['例え.テスト', 'xn--r8jz45g.xn--zckzah'],
    ['例え。テスト', 'xn--r8jz45g.xn--zckzah'], // ideographic full stop, as typed in Japanese
    ['例え.テスト.', 'xn--r8jz45g.xn--zckzah'],
    ['XN--R8JZ45G.xn--zckzah', 'xn--r8jz45g.xn--zckzah'],
    ['ｅｖｉｌ．ｅｘａｍｐｌｅ', 'evil.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['_dmarc.evil.example', '_dmarc.evil.example'],
    ['a-b.c-d.example', 'a-b.c-d.example'],
  ]);
  rejects('domain', [
    ['localhost', 'domain name needs at least two labels'],
    ['evil..example', 'not a domain name'],
    ['-evil.example', 'not a domain name'],
    ['evil-.example', 'not a domain name'],
    ['*.evil.example', 'not a domain name'],
    ['evil.example/path', 'not a domain name'],
    ['http://evil.example', 'not a domain name'],
    ['user@evil.example', 'not a domain name'],
    ['evil example', 'not a domain name'],
    ['198.51.100.7', 'IP address, not a domain name'],
    [`${'a'.repeat(64)}.example`, 'not a domain name'],
    [`${'abcdefghi.'.repeat(26)}example`, 'not a domain name'],
    ['xn--zz.example', 'not a domain name'],
    ['', 'not a domain name'],
  ]);
});

describe('url', () => {
  accepts('url', [
    ['http://evil.example/', 'http://evil.example/'],
    ['HTTP://EVIL.Example/Login.PHP?User=Admin', 'http://evil.example/Login.PHP?User=Admin'],
    ['http://evil.example', 'http://evil.example/'],
    ['http://evil.example:80/a', 'http://evil.example/a'],
    ['https://evil.example:443/a', 'https://evil.example/a'],
    ['https://evil.example:8443/a', 'https://evil.example:8443/a'],
    ['http://evil.example:443/a', 'http://evil.example:443/a'],
    ['http://evil.example/a#fragment', 'http://evil.example/a'],
    ['http://evil.example./a', 'http://evil.example/a'],
    ['https://例え.テスト/パス?q=1', 'https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9?q=1'],
    ['https://evil.example/%e3%83%91', 'https://evil.example/%E3%83%91'],
    ['https://evil.example/%7Euser/%41', 'https://evil.example/~user/A'],
    ['hxxp://evil[.]example/x', 'http://evil.example/x'],
    ['hxxps://evil[.]example/x?a=B', 'https://evil.example/x?a=B'],
    ['hXXps[:]//evil[.]example/x', 'https://evil.example/x'],
    ['http://198.51.100.7:8080/x', 'http://198.51.100.7:8080/x'],
    ['http://[2001:DB8:0::1]:8080/', 'http://[2001:db8::1]:8080/'],
    ['http://user:pass@evil.example/', 'http://user:pass@evil.example/'],
    ['ftp://files.evil.example:21/drop.exe', 'ftp://files.evil.example/drop.exe'],
    ['ldap://EVIL.example:1389/a', 'ldap://evil.example:1389/a'],
    ['https://evil.example/a/../b', 'https://evil.example/b'],
  ]);
  rejects('url', [
    ['evil.example/login', 'URL has no scheme'],
    ['not a url', 'URL has no scheme'],
    ['http://', 'not a URL'],
    ['mailto:someone@evil.example', 'URL has no host'],
    ['javascript:alert(1)', 'URL has no host'],
    ['http://evil..example/', 'URL host is not valid'],
  ]);
});

describe('email', () => {
  accepts('email', [
    ['attacker@evil.example', 'attacker@evil.example'],
    ['Attacker@Evil.EXAMPLE', 'attacker@evil.example'],
    ['attacker[@]evil[.]example', 'attacker@evil.example'],
    ['attacker(at)evil(dot)example', 'attacker@evil.example'],
    ['mailto:Attacker@evil.example', 'attacker@evil.example'],
    ['taro@例え.テスト', 'taro@xn--r8jz45g.xn--zckzah'],
    ['first.last+tag@evil.example', 'first.last+tag@evil.example'],
    ['ＴＡＲＯ＠evil.example', 'taro@evil.example'],
    ['attacker@evil.example.', 'attacker@evil.example'],
  ]);
  rejects('email', [
    ['evil.example', 'not an email address'],
    ['@evil.example', 'not an email address'],
    ['a..b@evil.example', 'not an email address'],
    ['.a@evil.example', 'not an email address'],
    ['a b@evil.example', 'not an email address'],
    ['"a b"@evil.example', 'quoted local parts are not supported'],
    ['attacker@localhost', 'email domain is not a domain name'],
    ['attacker@', 'email domain is not a domain name'],
  ]);
});

describe('hashes', () => {
  const md5 = 'D41D8CD98F00B204E9800998ECF8427E';
  const sha1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
  const sha256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
  const sha512 = 'CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E';
  accepts('md5', [[md5, md5.toLowerCase()], [` ${md5.toLowerCase()} `, md5.toLowerCase()]]);
  accepts('sha1', [[sha1, sha1.toLowerCase()]]);
  accepts('sha256', [[sha256, sha256.toLowerCase()]]);
  accepts('sha512', [[sha512, sha512.toLowerCase()]]);
  rejects('md5', [[sha1, 'MD5 hash must be 32 hex digits'], ['xyz', 'not a hex MD5 hash'], ['', 'not a hex MD5 hash']]);
  rejects('sha1', [[md5, 'SHA-1 hash must be 40 hex digits']]);
  rejects('sha256', [[`${sha256.slice(0, 63)}g`, 'not a hex SHA-256 hash'], [sha512, 'SHA-256 hash must be 64 hex digits']]);
  rejects('sha512', [[sha256, 'SHA-512 hash must be 128 hex digits']]);

  it.each([
    [md5, 'md5'],
    [sha1, 'sha1'],
    [sha256.toLowerCase(), 'sha256'],
    [sha512, 'sha512'],
    ['abc', null],
    ['z'.repeat(32), null],
  ])('detectHashKind(%j) → %j', (hex, kind) => {
    expect(detectHashKind(hex)).toBe(kind);
  });
});

describe('refang', () => {
  it('leaves ordinary text alone and undoes only bracketed defanging', () => {
    expect(refang('https://evil.example/a(b).php')).toBe('https://evil.example/a(b).php');
    expect(refang('hxxp://a[.]b(.)c{.}d[dot]e/x')).toBe('http://a.b.c.d.e/x');
    expect(refang('x[@]y[at]z')).toBe('x@y@z');
  });
});

/** Seeded strings over an alphabet rich in the characters the shortcuts look at. */
function randomStrings(alphabet: string[], count: number, maxLength: number, seed: number): string[] {
  let x = seed;
  const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(next() * maxLength);
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  });
}

describe('shortcuts agree with the full path', () => {
  it('refang skips only text that none of its passes would change', () => {
    const alphabet = ['h', 'H', 'x', 'X', '*', 'p', 'P', 's', 'f', 'F', 't', ':', '/', '.', '[', ']', '(', ')', '{', '}', '@', 'dot', 'at', 'a', '1', ' ', 'hxxp', 'fxp', '[.]', '(at)', '{dot}', '[://]'];
    const inputs = randomStrings(alphabet, 20_000, 12, 20261208);
    let skipped = 0;
    for (const s of inputs) {
      expect(refang(s), s).toBe(refangAll(s));
      if (refangAll(s) === s) skipped++;
    }
    expect(skipped).toBeGreaterThan(1000); // the run covered unchanged text, not only defanged text
  });

  it("plainAsciiHost answers what domainToASCII answers whenever it answers at all", () => {
    const alphabet = ['a', 'B', 'z', 'X', 'n', '-', '--', '_', '.', '0', '1', '9', '0x', 'xn--', 'XN--', 'f', 'e', '.0x1', '.09', '.1', 'é', ' ', '/', '%'];
    const inputs = [...randomStrings(alphabet, 20_000, 10, 7), 'a.0x10', '0x7f.1', 'a.09', 'ab.0X1g', 'xn--abc.com', 'a.XN--abc', 'a..b', '-a.com', 'a--b.com'];
    let answered = 0;
    for (const s of inputs) {
      const fast = plainAsciiHost(s);
      if (fast === null) continue;
      answered++;
      expect(fast, s).toBe(domainToASCII(s));
    }
    expect(answered).toBeGreaterThan(1000);
  });
});
