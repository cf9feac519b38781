import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { currentLanguage } from '../../i18n';
import { localizedName } from '../../i18n/format';
import { mandatoryRecipients } from '../recipients';
import { aside, joinList } from '../text';
import type { RegimeInfo, ReportBody } from '../types';
import { Checkbox, fieldId } from './Fields';
import type { FieldErrors, SharingState } from './model';

type Props = {
  regimes: RegimeInfo[];
  sharing: SharingState;
  onChange: (sharing: SharingState) => void;
  /** The report as it stands, to say which mandatory recipients it reaches. */
  report: Partial<ReportBody>;
  errors: FieldErrors;
  /** Optional recipients already shared with (an update can widen sharing, never narrow it). */
  locked?: readonly string[];
};

/** Who receives the report: the mandatory recipients, and the reporter's choice for each optional one. */
export function SharingSection({ regimes, sharing, onChange, report, errors, locked = [] }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const lang = currentLanguage();
  const planned = mandatoryRecipients(report, me.organization.sectors, lang);
  const reaching = planned.filter((p) => p.applies);
  const notYet = planned.filter((p) => !p.applies);
  const optional = regimes.filter((r) => r.optional);
  const toggle = (code: string, on: boolean) =>
    onChange({ ...sharing, optionalRegimes: on ? [...new Set([...sharing.optionalRegimes, code])] : sharing.optionalRegimes.filter((c) => c !== code) });
  // A server error names the position in the list that was sent; find the regime it was.
  const errorOf = (code: string) => {
    const i = sharing.optionalRegimes.indexOf(code);
    return i >= 0 ? errors[`sharing.optionalRegimes[${i}]`] : undefined;
  };

  return (
    <fieldset className="form-section">
      <legend>{t('incidents.sharing.title')}</legend>
      <h3 className="sub-heading">{t('incidents.sharing.mandatory')}</h3>
      <ul className="recipient-list">
        {reaching.map((p) => (
          <li key={p.code}>
            <strong>{joinList(p.recipients, lang)}</strong> — {p.regimeName}
            {p.toConfirm && <span className="badge badge-provisional">{t('incidents.deadlines.toConfirm')}</span>}
          </li>
        ))}
      </ul>
      {notYet.length > 0 && (
        <p className="field-hint">
          {t('incidents.sharing.notApplicable', {
            list: joinList(notYet.map((p) => `${joinList(p.recipients, lang)}${aside(p.regimeName, lang)}`), lang),
          })}
        </p>
      )}

      {/* The target of the error summary's link when the server refuses the list as a whole. */}
      <h3 className="sub-heading" id={fieldId('sharing.optionalRegimes')} tabIndex={-1}>
        {t('incidents.sharing.optional')}
      </h3>
      <p className="field-hint">{t('incidents.sharing.optionalHint')}</p>
      {/* About the list, not one entry: an update that left out a recipient already shared with. */}
      {errors['sharing.optionalRegimes'] && <p className="field-error">{errors['sharing.optionalRegimes']}</p>}
      {optional.map((r) => {
        const isLocked = locked.includes(r.code);
        const error = errorOf(r.code);
        return (
          <div key={r.code} className={error ? 'field-invalid' : undefined}>
            {error && <p className="field-error">{error}</p>}
            <Checkbox
              path={`sharing.optionalRegimes.${r.code}`}
              label={t('incidents.sharing.shareWith', { name: localizedName(r, lang) })}
              hint={
                <>
                  {t('incidents.sharing.basis', { basis: lang === 'en' ? r.basisEn : r.basis })}
                  {isLocked && ` ${t('incidents.sharing.alreadyShared')}`}
                  {r.toConfirm && ` ${t('incidents.deadlines.toConfirm')}`}
                </>
              }
              checked={isLocked || sharing.optionalRegimes.includes(r.code)}
              disabled={isLocked}
              onChange={(on) => toggle(r.code, on)}
            />
          </div>
        );
      })}

      <h3 className="sub-heading">{t('incidents.sharing.intelTitle')}</h3>
      <Checkbox
        path="sharing.nameInIntel"
        label={t('incidents.sharing.nameInIntel')}
        hint={t('incidents.sharing.nameInIntelHint')}
        checked={sharing.nameInIntel}
        onChange={(nameInIntel) => onChange({ ...sharing, nameInIntel })}
      />
    </fieldset>
  );
}
