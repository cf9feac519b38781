import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INDICATOR_KINDS, type IndicatorKind } from '../types';
import { sentIndexes } from './rows';
import { fieldId } from './Fields';
import { indicatorRow, type IndicatorRow } from './model';
import type { SectionProps } from './sectionProps';

/**
 * Indicators (IPs, domains, URLs, hashes, e-mail addresses), one row each. Rows are keyed so that
 * removing one keeps the others' focus and errors; errors use the index the row has in the report
 * as sent, which skips blank rows.
 */
export function IndicatorsEditor({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const rows = form.indicators;
  const indexes = sentIndexes(rows);
  const [focusId, setFocusId] = useState<string | null>(null);

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const update = (key: string, patch: Partial<IndicatorRow>) => set({ indicators: rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const add = () => {
    const row = indicatorRow();
    set({ indicators: [...rows, row] });
    setFocusId(`ind-${row.key}-kind`);
  };
  const remove = (key: string) => {
    set({ indicators: rows.filter((r) => r.key !== key) });
    setFocusId('indicators-add');
  };

  return (
    <fieldset className="form-section">
      <legend>{t('incidents.form.sections.indicators')}</legend>
      <p className="field-hint">{t('incidents.form.indicatorsHint')}</p>
      {rows.length === 0 && <p className="muted">{t('incidents.form.noIndicators')}</p>}
      <ol className="indicator-rows">
        {rows.map((row, n) => {
          const sent = indexes.get(row.key);
          const base = sent === undefined ? null : `report.indicators[${sent}]`;
          const valueError = base ? (errors[`${base}.value`] ?? errors[`${base}.kind`] ?? errors[base]) : undefined;
          const noteError = base ? errors[`${base}.note`] : undefined;
          // The value input answers to the server's path, so the error summary can link to it.
          const valueId = base ? fieldId(`${base}.value`) : `ind-${row.key}-value`;
          const errorId = `ind-${row.key}-error`;
          const label = (what: string) => t('incidents.form.indicatorPart', { what, n: n + 1 });
          return (
            <li key={row.key} className={valueError || noteError ? 'indicator-row field-invalid' : 'indicator-row'}>
              <div className="indicator-kind">
                <label htmlFor={`ind-${row.key}-kind`}>{label(t('incidents.fields.indicatorKind'))}</label>
                <select id={`ind-${row.key}-kind`} value={row.kind} onChange={(e) => update(row.key, { kind: e.target.value as IndicatorKind })}>
                  {INDICATOR_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`incidents.indicatorKinds.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="indicator-value">
                <label htmlFor={valueId}>{label(t('incidents.fields.indicatorValue'))}</label>
                <input
                  id={valueId}
                  value={row.value}
                  spellCheck={false}
                  autoCapitalize="off"
                  aria-invalid={valueError ? true : undefined}
                  aria-describedby={valueError ? errorId : undefined}
                  onChange={(e) => update(row.key, { value: e.target.value })}
                />
              </div>
              <div className="indicator-note">
                <label htmlFor={`ind-${row.key}-note`}>{label(t('incidents.fields.indicatorNote'))}</label>
                <input id={`ind-${row.key}-note`} value={row.note} maxLength={500} onChange={(e) => update(row.key, { note: e.target.value })} />
              </div>
              <button type="button" className="button button-small" onClick={() => remove(row.key)} aria-label={t('incidents.form.removeIndicator', { n: n + 1 })}>
                {t('incidents.form.remove')}
              </button>
              {(valueError || noteError) && (
                <p id={errorId} className="field-error indicator-error">
                  {[valueError, noteError].filter(Boolean).join(' ')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <button id="indicators-add" type="button" className="button" onClick={add}>
        {t('incidents.form.addIndicator')}
      </button>
    </fieldset>
  );
}
