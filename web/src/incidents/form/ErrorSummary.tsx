import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { fieldLabel } from '../reportText';
import { fieldId } from './Fields';
import type { FieldErrors } from './model';

/**
 * A readable name for an error's path: the field's label, with the item number for list entries.
 * `indicatorRow` turns an indicator's index as sent into the row number the form shows (blank rows are
 * not sent, so they differ); without it (an uploaded file) the index as sent is the row.
 */
export function pathLabel(path: string, indicatorRow?: readonly number[]): string {
  const t = i18n.t.bind(i18n);
  const indicator = /^report\.indicators\[(\d+)\]/.exec(path);
  if (indicator) {
    const sent = Number(indicator[1]);
    return t('incidents.form.indicatorPart', { what: t('incidents.fields.indicatorValue'), n: indicatorRow?.[sent] ?? sent + 1 });
  }
  if (path.startsWith('sharing.')) return t('incidents.sharing.title');
  return fieldLabel(t, path.replace(/^report\./, '').replace(/\[\d+\].*$/, '')) ?? path;
}

/** Where an error's link takes the user: the control for that path (list items → their list). */
export function targetOf(path: string, sharedCodes: readonly string[]): string {
  if (/^report\.indicators\[\d+\]/.test(path)) return fieldId(`${/^report\.indicators\[\d+\]/.exec(path)![0]}.value`);
  const optional = /^sharing\.optionalRegimes\[(\d+)\]/.exec(path);
  if (optional) return fieldId(`sharing.optionalRegimes.${sharedCodes[Number(optional[1])] ?? ''}`);
  return fieldId(path.replace(/\[\d+\].*$/, ''));
}

type Props = { errors: FieldErrors; sharedCodes: readonly string[]; indicatorRows?: readonly number[] };

/**
 * Every problem at the top of the form, each a link to its field (the pattern of GOV.UK's error
 * summary): focused after a failed submit so keyboard and screen-reader users learn what to fix.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, Props>(function ErrorSummary({ errors, sharedCodes, indicatorRows }, ref) {
  const { t } = useTranslation();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-error error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('incidents.form.errorSummary', { count: entries.length })}</h2>
      <ul>
        {entries.map(([path, message]) => {
          const target = targetOf(path, sharedCodes);
          return (
            <li key={path}>
              <a
                href={`#${target}`}
                onClick={(e) => {
                  e.preventDefault();
                  const el = document.getElementById(target);
                  el?.scrollIntoView({ block: 'center' });
                  el?.focus();
                }}
              >
                {pathLabel(path, indicatorRows)}: {message}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
});
