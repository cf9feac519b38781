import i18n from '../../i18n';
import { localToIso } from './datetime';
import { parseNumber, type FieldErrors, type FormState } from './model';

const HASH_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
// A deliberately loose check: the server's zod email rule decides, and its message lands on the field.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The checks worth making before sending: required fields, formats a person can fix at once, and the
 * form's two cross-field rules. Paths match the server's (`report.contact.email`) so both kinds of
 * error are shown the same way. Indicator values other than hashes are left to the server, which
 * accepts defanged and full-width spellings a simple check here would wrongly refuse.
 */
export function validate(f: FormState): FieldErrors {
  const t = i18n.t.bind(i18n);
  const errors: FieldErrors = {};
  const required = (path: string, value: string) => {
    if (value.trim() === '') errors[path] = t('incidents.validation.required');
  };
  const time = (path: string, value: string, mandatory: boolean) => {
    if (value === '') {
      if (mandatory) errors[path] = t('incidents.validation.required');
    } else if (!localToIso(value)) errors[path] = t('incidents.validation.datetime');
  };
  const count = (path: string, value: string, integer: boolean) => {
    const n = parseNumber(value);
    if (n === undefined) return;
    if (!Number.isFinite(n) || n < 0) errors[path] = t('incidents.validation.nonNegative');
    else if (integer && !Number.isInteger(n)) errors[path] = t('incidents.validation.integer');
  };

  if (f.type === '') errors['report.type'] = t('incidents.validation.choose');
  required('report.title', f.title);
  if (f.title.trim().length > 200) errors['report.title'] = t('incidents.validation.tooLong', { max: 200 });
  required('report.summary', f.summary);
  time('report.detectedAt', f.detectedAt, true);
  time('report.startedAt', f.startedAt, false);
  if (!errors['report.detectedAt'] && !errors['report.startedAt'] && f.startedAt && f.detectedAt) {
    if (new Date(localToIso(f.startedAt)!) > new Date(localToIso(f.detectedAt)!)) errors['report.startedAt'] = t('incidents.validation.startedAfterDetected');
  }
  if (f.type === 'ransomware') {
    if (f.ransomware.paid) time('report.ransomware.paidAt', f.ransomware.paidAt, true);
    if (f.ransomware.encryptedExtension.trim().length > 50) errors['report.ransomware.encryptedExtension'] = t('incidents.validation.tooLong', { max: 50 });
  }
  if (f.type === 'ddos') {
    count('report.ddos.peakGbps', f.ddos.peakGbps, false);
    count('report.ddos.peakPps', f.ddos.peakPps, false);
    count('report.ddos.durationMinutes', f.ddos.durationMinutes, true);
  }
  f.indicators
    .filter((i) => i.value.trim() !== '' || i.note.trim() !== '')
    .forEach((ind, i) => {
      const path = `report.indicators[${i}].value`;
      const value = ind.value.normalize('NFKC').trim();
      if (value === '') errors[path] = t('incidents.validation.required');
      else if (HASH_LENGTHS[ind.kind] && !new RegExp(`^[0-9a-fA-F]{${HASH_LENGTHS[ind.kind]}}$`).test(value)) {
        errors[path] = t('incidents.validation.hash', { kind: t(`incidents.indicatorKinds.${ind.kind}`), digits: HASH_LENGTHS[ind.kind] });
      }
    });
  if (f.businessImpact === '') errors['report.businessImpact'] = t('incidents.validation.choose');
  count('report.affectedPeople', f.affectedPeople, true);
  if (f.personalData.involved) count('report.personalData.records', f.personalData.records, true);
  required('report.contact.name', f.contact.name);
  if (f.contact.email.trim() === '') errors['report.contact.email'] = t('incidents.validation.required');
  else if (!EMAIL.test(f.contact.email.trim())) errors['report.contact.email'] = t('incidents.validation.email');
  return errors;
}
