/**
 * The text of a chosen CSV file. Excel on Japanese Windows saves "CSV" as Shift_JIS and says so nowhere,
 * and `File.text()` would read it as UTF-8 and garble every Japanese name. So: UTF-8 when the bytes
 * are valid UTF-8 (a BOM is dropped), else Shift_JIS, else null — the page then asks for UTF-8 rather
 * than sending garbage. The server reads uploads by the same rule (src/capabilities/assets/encoding.ts).
 */
export function csvText(bytes: ArrayBuffer | Uint8Array): string | null {
  for (const label of ['utf-8', 'shift_jis']) {
    try {
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      // Not this encoding (or, for shift_jis, a browser without it): try the next.
    }
  }
  return null;
}
