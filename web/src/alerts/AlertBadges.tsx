import { useTranslation } from 'react-i18next';
import type { Alert } from './types';

/** Severity, and the marks a reader must never miss: exercise, test, update/cancel, expired. */
export function AlertBadges({ alert, cancelled = false }: { alert: Alert; cancelled?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {alert.status === 'Exercise' && <span className="badge badge-exercise">{t('alerts.exerciseMark')}</span>}
      {alert.status === 'Test' && <span className="badge badge-test">{t('alerts.testMark')}</span>}
      <span className={`badge badge-cap-${alert.severity}`}>{t(`alerts.severity.${alert.severity}`)}</span>
      {alert.msgType !== 'Alert' && <span className="badge">{t(`alerts.msgType.${alert.msgType}`)}</span>}
      {cancelled && <span className="badge badge-late">{t('alerts.cancelled')}</span>}
      {alert.expired && <span className="badge">{t('alerts.expired')}</span>}
    </>
  );
}
