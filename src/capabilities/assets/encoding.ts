/**
 * The text of an uploaded CSV. Excel on Japanese Windows saves "CSV" as Shift_JIS (Windows-31J) and
 * "CSV UTF-8" with a BOM, and neither says so; bytes that are not valid UTF-8 are almost never
 * meaningful UTF-8, so they are read as Shift_JIS, and bytes that are neither are refused rather than
 * imported garbled. The Content-Type's charset is not relied on: a script that sends Excel's file
 * labelled utf-8 should still have it read.
 * The dashboard applies the same rule in the browser (web/src/assets/csvText.ts).
 */
export type DecodedCsv = { ok: true; text: string; encoding: 'utf-8' | 'shift_jis' } | { ok: false };

function strict(bytes: Uint8Array, label: string): string | null {
  try {
    // TextDecoder drops a leading BOM by itself.
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** UTF-8 (a BOM is dropped), else Shift_JIS; `{ ok: false }` when the bytes are valid in neither. */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  const utf8 = strict(bytes, 'utf-8');
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };
  const sjis = strict(bytes, 'shift_jis');
  if (sjis !== null) return { ok: true, text: sjis, encoding: 'shift_jis' };
  return { ok: false };
}
