import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganizationKind } from '../api/types';
import { currentLanguage } from '../i18n';
import { sectorName } from '../i18n/format';
import { LoadError, Loading } from '../ui/Status';
import { useBlastRadius } from './api';
import { LinkStatusBadge } from './LinkTables';
import { orgLabel } from './level';
import type { CanvasEdge, CanvasNode } from './SupplyGraphCanvas';
import type { BlastRadius } from './types';

const SupplyGraphCanvas = lazy(() => import('./SupplyGraphCanvas'));
const SUBJECT_COLOUR = '#14325c';
const NAMED_COLOUR = '#0b57a4';

/**
 * Who depends on the organisation, directly or through further suppliers, with depth: what an incident
 * here would reach. Customers beyond the first tier are shown by kind and sector only, unless the
 * caller oversees them (the server decides).
 */
export function BlastRadiusView({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const q = useBlastRadius(orgId);
  const join = (xs: string[]) => xs.join(lang === 'ja' ? '、' : ', ');
  return (
    <section aria-labelledby="blast-title" className="section">
      <h2 id="blast-title">{t('supplyChain.blast.title')}</h2>
      <p className="muted-inline">{t('supplyChain.blast.intro')}</p>
      {q.isPending && <Loading />}
      {q.isError && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
      {q.data &&
        (q.data.total === 0 ? (
          <p className="alert alert-info">{t('supplyChain.blast.none')}</p>
        ) : (
          <>
            <p data-testid="blast-total">
              {t('supplyChain.blast.total', { count: q.data.total, name: orgLabel(q.data, lang, '') })}{' '}
              {t('supplyChain.blast.breakdown', { list: q.data.byDepth.map((d) => t('supplyChain.blast.atDepth', { depth: d.depth, count: d.count })).join(' / ') })}
            </p>
            <BlastDrawing data={q.data} />
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('supplyChain.blast.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('supplyChain.blast.depth')}</th>
                    <th scope="col">{t('supplyChain.links.customer')}</th>
                    <th scope="col">{t('supplyChain.blast.kind')}</th>
                    <th scope="col">{t('supplyChain.blast.sectors')}</th>
                    <th scope="col">{t('supplyChain.links.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.items.map((i, n) => (
                    <tr key={i.orgId ?? `anon-${n}`}>
                      <td><span className={`depth depth-${Math.min(i.depth, 4)}`}>{t('supplyChain.graph.tier', { count: i.depth })}</span></td>
                      <th scope="row">{i.named ? orgLabel(i, lang, '') : <span className="muted-inline">{t('supplyChain.blast.anonymous')}</span>}</th>
                      <td>{t(`kinds.${i.kind as OrganizationKind}`)}</td>
                      <td className="cell-wrap">{i.sectors.length ? join(i.sectors.map((s) => sectorName(s, lang))) : '—'}</td>
                      <td>{i.linkStatus ? <LinkStatusBadge status={i.linkStatus} /> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ))}
    </section>
  );
}

/**
 * Rings around the organisation, one per tier. Only direct customers are joined to it by a line: the
 * path to a further tier is not always the caller's to see, so it is not drawn.
 */
function BlastDrawing({ data }: { data: BlastRadius }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const nodes = useMemo<CanvasNode[]>(
    () => [
      { id: data.orgId, label: orgLabel(data, lang, ''), level: 0, named: true, alerted: false, weakest: false, root: true, collapsed: false, ring: 0, colour: SUBJECT_COLOUR },
      ...data.items.map((i, n) => ({
        id: i.orgId ?? `anon-${n}`,
        label: `${i.named ? orgLabel(i, lang, '') : t('supplyChain.blast.anonymous')}\n${t('supplyChain.graph.tier', { count: i.depth })}`,
        level: 0,
        named: i.named,
        alerted: false,
        weakest: false,
        root: false,
        collapsed: false,
        ring: i.depth,
        colour: i.named ? NAMED_COLOUR : undefined,
      })),
    ],
    [data, lang, t],
  );
  const edges = useMemo<CanvasEdge[]>(
    () => data.items.filter((i) => i.depth === 1 && i.orgId).map((i) => ({ id: `${i.orgId}>${data.orgId}`, from: i.orgId!, to: data.orgId, pending: i.linkStatus === 'pending', mismatch: false })),
    [data],
  );
  return (
    <>
      <p className="muted-inline">{t('supplyChain.blast.drawingNote')}</p>
      <Suspense fallback={<Loading />}>
        <SupplyGraphCanvas nodes={nodes} edges={edges} selected={null} rootId={data.orgId} layout="rings" description={t('supplyChain.blast.description', { count: data.total })} onTap={() => undefined} />
      </Suspense>
    </>
  );
}
