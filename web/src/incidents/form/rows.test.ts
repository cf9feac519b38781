import { describe, expect, it } from 'vitest';
import { displayedRows } from './rows';

describe('indicator rows in error messages', () => {
  const row = (key: string, value: string, note = '') => ({ key, value, note });

  it('maps each indicator as sent to the row the form shows (blank rows are not sent), for the error summary', () => {
    // The server reports indicators[0] for the first one sent: the form's second row.
    expect(displayedRows([row('a', ''), row('b', '999.1.1.1'), row('c', ''), row('d', 'x.example')])).toEqual([2, 4]);
    expect(displayedRows([row('a', '', 'only a note'), row('b', '')])).toEqual([1]);
    expect(displayedRows([])).toEqual([]);
  });
});
