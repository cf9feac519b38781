/** Hands JSON to the browser as a file download (the data was fetched through the policy already). */
export function downloadJson(value: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from a STIX id: `indicator--1234….json`. */
export const fileNameOf = (id: string, suffix: string) => `${id.replace(/[^a-zA-Z0-9-]/g, '_')}${suffix}`;
