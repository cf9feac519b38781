import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatDateTime, localizedName } from '../i18n/format';
import { ReasonBlock } from './ReasonBlock';
import { StatusActions } from './StatusActions';
import { type Notification, VEX_JUSTIFICATIONS } from './types';

/** One exposure: what the advisory is, which asset it hits, by when to act, why it matched, and its status. */
export function NotificationCard({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const titleId = `n-${n.id}`;
  const open = n.status === 'notified' || n.status === 'acknowledged';
  const justification = n.justification
    ? (VEX_JUSTIFICATIONS as readonly string[]).includes(n.justification)
      ? t(`advisories.vex.${n.justification as 'component_not_present'}`)
      : n.justification
    : null;

  return (
    <article className={`notification card${n.overdue ? ' notification-overdue' : ''}${open ? '' : ' notification-closed'}`} aria-labelledby={titleId}>
      <header className="notification-head">
        <h3 id={titleId}>
          <span className="reference">{n.advisory.sourceId}</span> {n.advisory.title}
        </h3>
        <p className="notification-badges">
          <span className={`badge badge-severity badge-severity-${n.severity}`}>{t('advisories.severityLabel', { severity: t(`advisories.severities.${n.severity}`) })}</span>
          {n.knownExploited && <span className="badge badge-kev">{t('advisories.knownExploited')}</span>}
          <span className={`badge badge-verdict-${n.verdict}`}>{t(`advisories.verdicts.${n.verdict}`)}</span>
          <span className={`badge ${open ? 'badge-open' : 'badge-done'}`}>{t(`advisories.statuses.${n.status}`)}</span>
        </p>
      </header>
      <dl className="facts">
        <dt>{t('advisories.fields.asset')}</dt>
        <dd>
          {n.asset.name}
          {n.asset.version && <> <code>{n.asset.version}</code></>}
          <span className="muted-inline">{` — ${localizedName({ name: n.asset.orgName, nameEn: n.asset.orgNameEn }, lang)}`}</span>
        </dd>
        <dt>{t('advisories.fields.due')}</dt>
        <dd>
          <time dateTime={n.dueAt}>{formatDateTime(n.dueAt, lang)}</time>
          {n.overdue && <span className="badge badge-overdue">{t('advisories.overdue')}</span>}
          {n.reason.deadlineRule && <span className="muted-inline"> {t('advisories.fields.deadlineRule', { rule: n.reason.deadlineRule })}</span>}
        </dd>
        {n.advisory.cveIds.length > 0 && (
          <>
            <dt>{t('advisories.fields.cves')}</dt>
            <dd>{n.advisory.cveIds.join(', ')}</dd>
          </>
        )}
        {n.advisory.cvssScore !== null && (
          <>
            <dt>{t('advisories.fields.cvss')}</dt>
            <dd>{n.advisory.cvssScore}</dd>
          </>
        )}
        <dt>{t('advisories.fields.source')}</dt>
        <dd>{t(`advisories.sources.${n.advisory.source as 'cve'}`, { defaultValue: n.advisory.source })}</dd>
        <dt>{t('advisories.fields.notifiedAt')}</dt>
        <dd>{formatDateTime(n.createdAt, lang)}</dd>
        {justification && (
          <>
            <dt>{t('advisories.fields.justification')}</dt>
            <dd>{justification}</dd>
          </>
        )}
        {n.note && (
          <>
            <dt>{t('advisories.fields.statusNote')}</dt>
            <dd className="cell-wrap">{n.note}</dd>
          </>
        )}
      </dl>
      <ReasonBlock n={n} />
      {n.advisory.remediation && (
        <div className="report-block">
          <h4>{t('advisories.fields.remediation')}</h4>
          <p className="pre-wrap">{n.advisory.remediation}</p>
        </div>
      )}
      {n.abilities.update && <StatusActions n={n} />}
    </article>
  );
}
