import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { can, useSession } from '../../auth/session';
import { currentLanguage } from '../../i18n';
import { codeLabel, valueText } from '../reportText';
import { aside, joinList } from '../text';
import type { IncidentView, ReportBody } from '../types';

type Row = [label: string, value: ReactNode];

/**
 * The report as the caller may see it: the reporter every field, a recipient those its regimes grant
 * (absent fields are simply not there). Shared by the report page and its printable page.
 */
export function ReportFields({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const r: Partial<ReportBody> = view.report;
  const list = (items: string[] | undefined) =>
    items && items.length > 0 ? (
      <ul className="plain-list">
        {items.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    ) : (
      t('incidents.detail.none')
    );
  // The version comparison writes values through the same valueText, so both read alike.
  const text = (field: string, value: string | number | boolean) => valueText(t, lang, field, value);

  const rows: (Row | null)[] = [
    r.type ? [t('incidents.fields.type'), text('type', r.type)] : null,
    r.summary !== undefined ? [t('incidents.fields.summary'), <span className="pre-wrap">{r.summary}</span>] : null,
    r.detectedAt ? [t('incidents.fields.detectedAt'), text('detectedAt', r.detectedAt)] : null,
    r.startedAt ? [t('incidents.fields.startedAt'), text('startedAt', r.startedAt)] : null,
    r.affectedServices ? [t('incidents.fields.affectedServices'), list(r.affectedServices)] : null,
    r.affectedSystems ? [t('incidents.fields.affectedSystems'), list(r.affectedSystems.map((s) => s.description))] : null,
    r.intrusionRoute ? [t('incidents.fields.intrusionRoute'), text('intrusionRoute', r.intrusionRoute)] : null,
    r.intrusionDetail ? [t('incidents.fields.intrusionDetail'), <span className="pre-wrap">{r.intrusionDetail}</span>] : null,
    r.businessImpact ? [t('incidents.fields.businessImpact'), text('businessImpact', r.businessImpact)] : null,
    r.affectedPeople !== undefined ? [t('incidents.fields.affectedPeople'), text('affectedPeople', r.affectedPeople)] : null,
    r.personalData
      ? [
          t('incidents.form.sections.personalData'),
          r.personalData.involved ? (
            <>
              {t('incidents.detail.personalDataInvolved')}
              {r.personalData.records !== undefined && <> — {t('incidents.detail.records', { count: r.personalData.records, n: r.personalData.records.toLocaleString(lang) })}</>}
              {r.personalData.categories.length > 0 && aside(joinList(r.personalData.categories, lang), lang)}
            </>
          ) : (
            t('incidents.detail.personalDataNone')
          ),
        ]
      : null,
    r.othersNotified ? [t('incidents.fields.othersNotified'), list(r.othersNotified)] : null,
    r.contact
      ? [
          t('incidents.form.sections.contact'),
          <>
            {r.contact.name} &lt;{r.contact.email}&gt;
            {r.contact.phone && <> {r.contact.phone}</>}
          </>,
        ]
      : null,
  ];

  const rw = r.ransomware;
  const dd = r.ddos;
  return (
    <>
      <dl className="facts report-facts">
        {rows.filter((x): x is Row => x !== null).map(([label, value]) => (
          <Fact key={label} label={label} value={value} />
        ))}
      </dl>
      {rw && (
        <section className="report-block" aria-labelledby="rep-ransomware">
          <h3 id="rep-ransomware">{t('incidents.form.sections.ransomware')}</h3>
          <dl className="facts">
            {rw.family && <Fact label={t('incidents.fields.family')} value={rw.family} />}
            {rw.encryptedExtension && <Fact label={t('incidents.fields.encryptedExtension')} value={<code>{rw.encryptedExtension}</code>} />}
            {rw.noteText && <Fact label={t('incidents.fields.noteText')} value={<span className="pre-wrap">{rw.noteText}</span>} />}
            {rw.demandAmount && <Fact label={t('incidents.fields.demandAmount')} value={rw.demandAmount} />}
            <Fact label={t('incidents.fields.paid')} value={rw.paid ? `${text('paid', true)}${rw.paidAt ? aside(text('paidAt', rw.paidAt), lang) : ''}` : text('paid', false)} />
          </dl>
        </section>
      )}
      {dd && (
        <section className="report-block" aria-labelledby="rep-ddos">
          <h3 id="rep-ddos">{t('incidents.form.sections.ddos')}</h3>
          <dl className="facts">
            {dd.peakGbps !== undefined && <Fact label={t('incidents.fields.peakGbps')} value={text('peakGbps', dd.peakGbps)} />}
            {dd.peakPps !== undefined && <Fact label={t('incidents.fields.peakPps')} value={text('peakPps', dd.peakPps)} />}
            {dd.durationMinutes !== undefined && <Fact label={t('incidents.fields.durationMinutes')} value={text('durationMinutes', dd.durationMinutes)} />}
            <Fact label={t('incidents.fields.targets')} value={list(dd.targets)} />
          </dl>
        </section>
      )}
      {r.indicators && <IndicatorTable view={view} />}
    </>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

/**
 * Indicators with how many other reports carry each one (a count only: the others stay unnamed). For
 * those who may read the intelligence hub, each value opens its search: where else it was seen, under
 * the hub's own markings.
 */
function IndicatorTable({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const me = useSession().data;
  const intel = me ? can(me, 'intel.read') : false;
  const indicators = view.report.indicators ?? [];
  const seen = new Map(view.seenElsewhere.indicators.map((s) => [`${s.kind} ${s.value}`, s.reports]));
  return (
    <section className="report-block" aria-labelledby="rep-indicators">
      <h3 id="rep-indicators">{t('incidents.form.sections.indicators')}</h3>
      {indicators.length === 0 ? (
        <p>{t('incidents.detail.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('incidents.fields.indicatorKind')}</th>
                <th scope="col">{t('incidents.fields.indicatorValue')}</th>
                <th scope="col">{t('incidents.fields.indicatorNote')}</th>
                <th scope="col">{t('incidents.detail.seenColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((ind, i) => {
                const n = seen.get(`${ind.kind} ${ind.value}`) ?? 0;
                return (
                  <tr key={i}>
                    <td>{codeLabel(t, 'kind', ind.kind) ?? ind.kind}</td>
                    <td className="cell-wrap">
                      {intel ? (
                        <Link to={`/intel/search?${new URLSearchParams({ q: ind.value })}`} aria-label={t('incidents.detail.searchIntel', { value: ind.value })}>
                          <code className="indicator">{ind.value}</code>
                        </Link>
                      ) : (
                        <code className="indicator">{ind.value}</code>
                      )}
                    </td>
                    <td className="cell-wrap">{ind.note ?? ''}</td>
                    <td>{n > 0 ? <strong className="badge badge-seen">{t('incidents.detail.seenIn', { count: n })}</strong> : t('incidents.detail.seenNone')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
