import i18n from '../../i18n';
import type { FieldErrors } from './model';

/**
 * The message for one control: its own path, or — for a one-item-per-line list — the messages about
 * its items (`report.affectedServices[1]` reads "line 2: …").
 */
export function errorFor(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const items = Object.entries(errors)
    .map(([p, message]) => {
      const m = p.startsWith(`${path}[`) ? /^\[(\d+)\]/.exec(p.slice(path.length)) : null;
      return m ? i18n.t('incidents.validation.line', { line: Number(m[1]) + 1, message }) : null;
    })
    .filter((x): x is string => x !== null);
  return items.length ? items.join(' ') : undefined;
}
