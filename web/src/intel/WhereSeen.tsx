import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatDateTime, sectorName } from '../i18n/format';

/** One observable's where-seen figures, as GET /api/intel/observables and ingest responses give them. */
export type WhereSeenRecord = {
  kind: string;
  value: string;
  sightings: number;
  organisations: number;
  sectors: number;
  sectorCodes: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  namedReporters: Array<{ orgId: string; name: string }>;
};

/**
 * Where else an observable was seen: counts of reports, organisations and sectors, first and last
 * seen — as far as the viewer may know (the server counts only what the viewer may see). Reporters
 * are named only when they allowed it; the rest stay a number.
 */
export function WhereSeen({ record, headingLevel = 2 }: { record: WhereSeenRecord; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `where-seen-${record.kind}-${record.value}`.replace(/[^a-zA-Z0-9_-]/g, '_');
  const unnamed = record.organisations - record.namedReporters.length;
  return (
    <section className="card where-seen" aria-labelledby={headingId}>
      <Heading id={headingId}>
        {t('intel.whereSeen.title')} <code className="observable">{record.value}</code>{' '}
        <span className="badge">{t(`intel.whereSeen.kinds.${kindKey(record.kind)}` as const, { algo: record.kind.replace(/^hash:/, '') })}</span>
      </Heading>
      {record.sightings === 0 ? (
        <p className="muted">{t('intel.whereSeen.notSeen')}</p>
      ) : (
        <>
          <p className="lead">
            {t(record.sectors ? 'intel.whereSeen.summary' : 'intel.whereSeen.summaryNoSector', {
              reports: t('intel.whereSeen.reportCount', { count: record.sightings }),
              organisations: t('intel.whereSeen.organisationCount', { count: record.organisations }),
              sectors: t('intel.whereSeen.sectorCount', { count: record.sectors }),
            })}
          </p>
          <dl className="facts">
            <dt>{t('intel.whereSeen.sectors')}</dt>
            <dd>{record.sectorCodes.length ? record.sectorCodes.map((c) => sectorName(c, lang)).join(lang === 'ja' ? '、' : ', ') : t('intel.whereSeen.noSector')}</dd>
            {record.firstSeen && (
              <>
                <dt>{t('intel.whereSeen.firstSeen')}</dt>
                <dd><time dateTime={record.firstSeen}>{formatDateTime(record.firstSeen, lang)}</time></dd>
              </>
            )}
            {record.lastSeen && (
              <>
                <dt>{t('intel.whereSeen.lastSeen')}</dt>
                <dd><time dateTime={record.lastSeen}>{formatDateTime(record.lastSeen, lang)}</time></dd>
              </>
            )}
            <dt>{t('intel.whereSeen.reporters')}</dt>
            <dd>
              {record.namedReporters.length > 0 && <span>{record.namedReporters.map((r) => r.name).join(lang === 'ja' ? '、' : ', ')}</span>}
              {unnamed > 0 && <span className="muted-inline"> {t('intel.whereSeen.unnamed', { count: unnamed })}</span>}
            </dd>
          </dl>
        </>
      )}
      <p className="muted">{t('intel.whereSeen.scope')}</p>
    </section>
  );
}

const KNOWN_KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512'] as const;
type KindKey = (typeof KNOWN_KINDS)[number] | 'otherHash';
function kindKey(kind: string): KindKey {
  return (KNOWN_KINDS as readonly string[]).includes(kind) ? (kind as KindKey) : 'otherHash';
}
