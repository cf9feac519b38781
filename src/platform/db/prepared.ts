import type pg from 'pg';

/** A statement whose SQL text opens with this comment (then the name, then the comment's end) is prepared by name. */
export const PREPARED_MARK = '/* prepared: ';

/** FNV-1a over the text: tells apart the shapes one marked statement takes (filters present or not, list lengths). */
function shapeHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * The statement name of each marked text seen, so the text is hashed once per process, not per call
 * (FNV-1a over a 2.5 kB TAXII page query in JavaScript cost 4 % of the TAXII server's CPU; a Map lookup
 * hashes and compares the string natively). Marked texts have a bounded number of shapes; the cap only
 * guards against a caller that marks an unbounded one.
 */
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `${text.slice(PREPARED_MARK.length, text.indexOf(' */'))}_${shapeHash(text)}`;
    if (names.size >= 10_000) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * Sends statements whose text opens with PREPARED_MARK as named prepared statements on this
 * connection: PostgreSQL parses and plans such a statement once per connection instead of on every
 * call, and the text is not sent again. The name is the mark's plus a hash of the text, so a marked
 * query built with optional filters prepares one statement per shape (node-postgres refuses a name
 * reused with another text; a hash collision would fail loudly there, never run the wrong text).
 * Mark only statements with a bounded number of shapes whose values all travel as parameters.
 * Every other query passes through untouched.
 */
export function sendPreparedByName(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, ...rest: unknown[]) => {
    if (typeof text === 'string' && text.startsWith(PREPARED_MARK) && Array.isArray(rest[0])) {
      return query({ name: statementName(text), text, values: rest[0] }, ...rest.slice(1));
    }
    return query(text, ...rest);
  };
}
