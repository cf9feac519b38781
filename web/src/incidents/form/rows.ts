// Indicator rows as the form shows them and as the report sends them (no i18n here: unit-testable).

/**
 * The row number a person sees (1-based, blank rows counted) for each indicator index in the report as
 * sent: error paths use the latter, labels the former.
 */
export function displayedRows(rows: { key: string; value: string; note: string }[]): number[] {
  const sent = sentIndexes(rows);
  const out: number[] = [];
  rows.forEach((row, n) => {
    const i = sent.get(row.key);
    if (i !== undefined) out[i] = n + 1;
  });
  return out;
}

/** The index of each indicator row in the report as sent (blank rows are not sent). */
export function sentIndexes(rows: { key: string; value: string; note: string }[]): Map<string, number> {
  const map = new Map<string, number>();
  let i = 0;
  for (const row of rows) if (row.value.trim() !== '' || row.note.trim() !== '') map.set(row.key, i++);
  return map;
}
