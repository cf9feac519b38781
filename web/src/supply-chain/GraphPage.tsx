import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganizationKind } from '../api/types';
import { navigate, useSearchParams } from '../app/router';
import { useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { localizedName } from '../i18n/format';
import { SelectField } from '../ui/SelectField';
import { LoadError, Loading } from '../ui/Status';
import { useCompanies, useSupplyGraph } from './api';
import { BlastRadiusView } from './BlastRadiusView';
import { GraphTable } from './GraphTable';
import { initialExpanded, visibleGraph } from './graphModel';
import { LEVEL_KEYS, LevelBadge, levelMark } from './level';
import { useLiveSupplyChain } from './live';
import type { CanvasEdge, CanvasNode } from './SupplyGraphCanvas';
import { SupplyFrame } from './SupplyNav';
import type { GraphNode, SupplyGraphData } from './types';
import '../assets/assets.css';
import './supply-chain.css';

// cytoscape (~400 kB) is fetched only when a graph is shown.
const SupplyGraphCanvas = lazy(() => import('./SupplyGraphCanvas'));

/** /supply-chain/graph?org=: the supplier tree coloured by level and alerts, and who depends on the organisation. */
export function GraphPage() {
  const { t } = useTranslation();
  const me = useMe();
  const lang = currentLanguage();
  const params = useSearchParams();
  useLiveSupplyChain();
  // The hub and ministries look at any organisation's chain; a company at its own.
  const oversees = me.organization.kind === 'national_hub' || me.organization.kind === 'ministry';
  const org = oversees ? (params.get('org') ?? undefined) : undefined;
  const companies = useCompanies();
  // The hub and ministries declare no suppliers of their own: until they choose an organisation there
  // is no chain to draw, and "no suppliers declared" would tell them to declare some.
  const choosing = oversees && org === undefined;
  const graph = useSupplyGraph(org, !choosing);
  const subject = org ?? me.organization.id;

  return (
    <SupplyFrame current="graph">
      {oversees && (
        <SelectField
          id="graph-org"
          label={t('supplyChain.graph.org')}
          value={org ?? ''}
          onChange={(v) => navigate(v ? `/supply-chain/graph?org=${encodeURIComponent(v)}` : '/supply-chain/graph')}
          placeholder={t('supplyChain.graph.choosePlaceholder')}
          options={(companies.data ?? []).map((o) => ({ value: o.id, label: localizedName(o, lang) }))}
        />
      )}
      {choosing ? (
        <p className="alert alert-info" role="status">
          {t('supplyChain.graph.choose')}
        </p>
      ) : (
        <>
          <section aria-labelledby="graph-title" className="section">
            <h2 id="graph-title">{t('supplyChain.graph.title')}</h2>
            {graph.isPending && <Loading />}
            {graph.isError && <LoadError error={graph.error} onRetry={() => void graph.refetch()} />}
            {graph.data && <GraphView key={graph.data.rootId} data={graph.data} />}
          </section>
          <BlastRadiusView orgId={subject} />
        </>
      )}
    </SupplyFrame>
  );
}

function GraphView({ data }: { data: SupplyGraphData }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [expanded, setExpanded] = useState(() => initialExpanded(data));
  const [selected, setSelected] = useState<string | null>(null);
  const weakest = useMemo(() => new Set(data.weakestNodes), [data.weakestNodes]);
  const view = useMemo(() => visibleGraph(data, expanded), [data, expanded]);
  const name = (n: GraphNode): string => (n.named ? ((lang === 'en' ? n.nameEn : n.name) ?? '') : t('supplyChain.graph.anonymousNode', { kind: t(`kinds.${n.kind as OrganizationKind}`) }));

  const canvasNodes = useMemo<CanvasNode[]>(
    () =>
      view.nodes.map((n) => {
        const marks = [levelMark(n.level, lang), weakest.has(n.id) ? t('supplyChain.graph.weakestMark') : '', n.alerted ? t('supplyChain.graph.alertMark') : ''].filter(Boolean).join(' ');
        return { id: n.id, label: `${name(n)}\n${marks}`, level: n.level, named: n.named, alerted: n.alerted, weakest: weakest.has(n.id), root: n.root, collapsed: view.collapsed.has(n.id) };
      }),
    [view, weakest, lang, t],
  );
  const canvasEdges = useMemo<CanvasEdge[]>(() => view.edges.map((e) => ({ id: `${e.from}>${e.to}`, from: e.from, to: e.to, pending: e.status === 'pending', mismatch: e.mismatch })), [view.edges]);

  function toggle(id: string, open?: boolean) {
    setExpanded((cur) => {
      const next = new Set(cur);
      if (open ?? !cur.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  }
  /** A click focuses a node and opens its suppliers. */
  function focus(id: string) {
    setSelected(id);
    if ((view.suppliersOf.get(id)?.length ?? 0) > 0) toggle(id, true);
  }

  const suppliers = data.nodes.filter((n) => !n.root);
  const weakestNames = data.nodes.filter((n) => weakest.has(n.id)).map(name);
  const description = t('supplyChain.graph.description', { nodes: view.nodes.length, edges: view.edges.length });

  return (
    <>
      <dl className="facts graph-facts">
        <dt>{t('supplyChain.graph.suppliers')}</dt>
        <dd data-testid="graph-supplier-count">{suppliers.length}</dd>
        <dt>{t('supplyChain.graph.weakest')}</dt>
        <dd>
          {data.weakestLevel === null ? '—' : <><LevelBadge level={data.weakestLevel} /> {weakestNames.join(lang === 'ja' ? '、' : ', ')}</>}
        </dd>
        <dt>{t('supplyChain.graph.alerted')}</dt>
        <dd>{data.nodes.filter((n) => n.alerted).length}</dd>
      </dl>
      {suppliers.length === 0 ? (
        <p className="alert alert-info">{t('supplyChain.graph.empty')}</p>
      ) : (
        <>
          <Legend />
          <p className="muted-inline">{t('supplyChain.graph.howTo')}</p>
          <Suspense fallback={<Loading />}>
            <SupplyGraphCanvas nodes={canvasNodes} edges={canvasEdges} selected={selected} rootId={data.rootId} description={description} onTap={focus} />
          </Suspense>
          <GraphTable data={data} view={view} expanded={expanded} weakest={weakest} selected={selected} name={name} onSelect={focus} onToggle={(id) => toggle(id)} />
        </>
      )}
    </>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <div className="graph-legend" aria-labelledby="legend-title">
      <h3 id="legend-title" className="sub-heading">{t('supplyChain.graph.legend')}</h3>
      <ul className="legend-list">
        {LEVEL_KEYS.map((key, l) => (
          <li key={key}><span className={`legend-swatch legend-level-${l}`} aria-hidden="true" /> {t(`supplyChain.levels.${key}`)}</li>
        ))}
        <li><span className="legend-swatch legend-anon" aria-hidden="true" /> {t('supplyChain.graph.legendAnonymous')}</li>
        <li><span className="legend-swatch legend-weakest" aria-hidden="true" /> {t('supplyChain.graph.legendWeakest')}</li>
        <li><span className="legend-swatch legend-alert" aria-hidden="true" /> {t('supplyChain.graph.legendAlert')}</li>
        <li><span className="legend-line legend-pending" aria-hidden="true" /> {t('supplyChain.graph.legendPending')}</li>
        <li><span className="legend-line legend-mismatch" aria-hidden="true" /> {t('supplyChain.graph.legendMismatch')}</li>
        <li><span className="legend-swatch legend-collapsed" aria-hidden="true" /> {t('supplyChain.graph.legendCollapsed')}</li>
      </ul>
    </div>
  );
}
