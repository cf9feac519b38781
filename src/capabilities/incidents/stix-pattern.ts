/**
 * A parser for the STIX 2.1 patterning language (grammar: oasis-open/cti-stix2-json-schemas
 * `pattern_grammar/STIXPattern.g4`). The whole grammar is parsed, so a malformed pattern is told apart
 * from a valid one this importer merely does not use (AND, FOLLOWEDBY, qualifiers, other objects).
 */

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'int' | 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'hex' | 'binary' | 'timestamp'; value: string }
  | { type: 'set'; items: Literal[] };

/** `objectType:first.step[0]…`: keys as written (unquoted), index steps as numbers or '*'. */
export type ObjectPath = { objectType: string; steps: (string | number)[] };
export type Comparison = { path: ObjectPath; operator: string; negated: boolean; value: Literal | null };
export type ComparisonExpr = { op: 'and' | 'or'; left: ComparisonExpr; right: ComparisonExpr } | { op: 'test'; test: Comparison };
export type ObservationExpr =
  | { op: 'and' | 'or' | 'followedby'; left: ObservationExpr; right: ObservationExpr }
  | { op: 'observation'; expr: ComparisonExpr }
  | { op: 'qualified'; expr: ObservationExpr; qualifier: string };

export type PatternParse = { ok: true; pattern: ObservationExpr } | { ok: false; message: string };

type Token = { kind: string; text: string; value: string; at: number };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS',
  'IN', 'START', 'STOP', 'SECONDS', 'WITHIN', 'REPEATS', 'TIMES']);
const TIMESTAMP = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const LEXEMES: [string, RegExp][] = [
  ['ws', /^(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\r\n]*)/],
  ['hex', /^h'((?:[0-9a-fA-F]{2})*)'/],
  ['binary', /^b'((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==))'/],
  ['timestamp', /^t'([^']*)'/],
  ['string', /^'((?:[^'\\]|\\'|\\\\)*)'/],
  ['float', /^([+-]?\d*\.\d+)/],
  ['int', /^([+-]?(?:0|[1-9]\d*))/],
  ['ident', /^([a-zA-Z_][a-zA-Z0-9_-]*)/],
  ['op', /^(==|!=|<>|<=|>=|=|<|>)/],
  ['punct', /^([[\]():.,*])/],
];

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const lexeme = LEXEMES.map(([kind, re]) => ({ kind, m: re.exec(rest) })).find((l) => l.m !== null);
    if (!lexeme?.m) return `unexpected character at ${at}`;
    const [whole, inner = whole] = lexeme.m;
    let kind = lexeme.kind;
    let value = inner;
    if (kind === 'string') value = inner.replace(/\\(['\\])/g, '$1');
    if (kind === 'timestamp' && !TIMESTAMP.test(inner)) return `invalid timestamp literal at ${at}`;
    if (kind === 'ident' && KEYWORDS.has(whole)) kind = whole;
    if (kind === 'ident' && (whole === 'true' || whole === 'false')) kind = 'bool';
    if (kind === 'punct' || kind === 'op') kind = whole;
    if (lexeme.kind !== 'ws') tokens.push({ kind, text: whole, value, at });
    at += whole.length;
  }
  tokens.push({ kind: 'eof', text: '', value: '', at });
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] ?? this.tokens[this.tokens.length - 1]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private accept(kind: string): Token | null {
    return this.peek().kind === kind ? this.next() : null;
  }
  private expect(kind: string, what = `'${kind}'`): Token {
    const t = this.peek();
    if (t.kind !== kind) throw new PatternError(`expected ${what} at ${t.at}, found ${t.kind === 'eof' ? 'end' : `'${t.text}'`}`);
    return this.next();
  }

  pattern(): ObservationExpr {
    const expr = this.observations();
    this.expect('eof', 'end of pattern');
    return expr;
  }

  /** FOLLOWEDBY binds loosest, then OR, then AND, all left-associative. */
  private observations(): ObservationExpr {
    let left = this.observationOr();
    while (this.accept('FOLLOWEDBY')) left = { op: 'followedby', left, right: this.observationOr() };
    return left;
  }
  private observationOr(): ObservationExpr {
    let left = this.observationAnd();
    while (this.accept('OR')) left = { op: 'or', left, right: this.observationAnd() };
    return left;
  }
  private observationAnd(): ObservationExpr {
    let left = this.observation();
    while (this.accept('AND')) left = { op: 'and', left, right: this.observation() };
    return left;
  }
  private observation(): ObservationExpr {
    let expr: ObservationExpr;
    if (this.accept('[')) {
      expr = { op: 'observation', expr: this.comparisonOr() };
      this.expect(']');
    } else if (this.accept('(')) {
      expr = this.observations();
      this.expect(')');
    } else {
      throw new PatternError(`expected '[' or '(' at ${this.peek().at}`);
    }
    for (;;) {
      if (this.accept('START')) {
        this.expect('timestamp', 'a timestamp');
        this.expect('STOP');
        this.expect('timestamp', 'a timestamp');
        expr = { op: 'qualified', expr, qualifier: 'START' };
      } else if (this.accept('WITHIN')) {
        if (!this.accept('float')) this.expect('int', 'a number');
        this.expect('SECONDS');
        expr = { op: 'qualified', expr, qualifier: 'WITHIN' };
      } else if (this.accept('REPEATS')) {
        this.expect('int', 'an integer');
        this.expect('TIMES');
        expr = { op: 'qualified', expr, qualifier: 'REPEATS' };
      } else {
        return expr;
      }
    }
  }

  private comparisonOr(): ComparisonExpr {
    let left = this.comparisonAnd();
    while (this.accept('OR')) left = { op: 'or', left, right: this.comparisonAnd() };
    return left;
  }
  private comparisonAnd(): ComparisonExpr {
    let left = this.propTest();
    while (this.accept('AND')) left = { op: 'and', left, right: this.propTest() };
    return left;
  }
  private propTest(): ComparisonExpr {
    if (this.accept('(')) {
      const inner = this.comparisonOr();
      this.expect(')');
      return inner;
    }
    const leadingNot = this.accept('NOT') !== null;
    if (this.accept('EXISTS')) {
      return { op: 'test', test: { path: this.objectPath(), operator: 'EXISTS', negated: leadingNot, value: null } };
    }
    if (leadingNot) throw new PatternError(`expected EXISTS at ${this.peek().at}`);
    const path = this.objectPath();
    const negated = this.accept('NOT') !== null;
    const t = this.next();
    if (['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(t.kind)) {
      return { op: 'test', test: { path, operator: t.kind === '==' ? '=' : t.kind, negated, value: this.literal() } };
    }
    if (t.kind === 'IN') return { op: 'test', test: { path, operator: 'IN', negated, value: this.set() } };
    if (['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(t.kind)) {
      const s = this.expect('string', 'a string');
      return { op: 'test', test: { path, operator: t.kind, negated, value: { type: 'string', value: s.value } } };
    }
    throw new PatternError(`expected a comparison operator at ${t.at}`);
  }

  private objectPath(): ObjectPath {
    const objectType = this.expect('ident', 'an object type').text;
    this.expect(':');
    const steps: (string | number)[] = [this.key()];
    for (;;) {
      if (this.accept('.')) steps.push(this.key());
      else if (this.accept('[')) {
        steps.push(this.accept('*') ? '*' : Number(this.expect('int', 'an index').text));
        this.expect(']');
      } else return { objectType, steps };
    }
  }
  /** A property key: an identifier without hyphen, or a quoted string (needed for `'SHA-256'`). */
  private key(): string {
    const t = this.next();
    if (t.kind === 'string') return t.value;
    if (t.kind === 'ident' && !t.text.includes('-')) return t.text;
    throw new PatternError(`expected a property name at ${t.at}`);
  }
  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { type: 'string', value: t.value };
      case 'int':
      case 'float':
        return { type: t.kind, value: Number(t.value) };
      case 'bool':
        return { type: 'bool', value: t.text === 'true' };
      case 'hex':
      case 'binary':
      case 'timestamp':
        return { type: t.kind, value: t.value };
      default:
        throw new PatternError(`expected a literal at ${t.at}`);
    }
  }
  private set(): Literal {
    this.expect('(');
    const items: Literal[] = [];
    if (!this.accept(')')) {
      do items.push(this.literal());
      while (this.accept(','));
      this.expect(')');
    }
    return { type: 'set', items };
  }
}

class PatternError extends Error {}

/** Parses a STIX pattern; the message of a failure names the character offset. */
export function parsePattern(text: string): PatternParse {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  try {
    return { ok: true, pattern: new Parser(tokens).pattern() };
  } catch (e) {
    if (e instanceof PatternError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * The comparisons of a pattern that is only ORs of comparisons — each of which alone is then an
 * indicator — or null when AND, FOLLOWEDBY or a qualifier ties them together.
 */
export function alternativeComparisons(pattern: ObservationExpr): Comparison[] | null {
  const fromComparison = (e: ComparisonExpr): Comparison[] | null => {
    if (e.op === 'test') return [e.test];
    if (e.op === 'and') return null;
    const l = fromComparison(e.left);
    const r = fromComparison(e.right);
    return l && r ? [...l, ...r] : null;
  };
  switch (pattern.op) {
    case 'observation':
      return fromComparison(pattern.expr);
    case 'or': {
      const l = alternativeComparisons(pattern.left);
      const r = alternativeComparisons(pattern.right);
      return l && r ? [...l, ...r] : null;
    }
    default:
      return null;
  }
}

/** A string as a STIX pattern string literal. */
export function quotePatternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
