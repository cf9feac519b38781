import { useTranslation } from 'react-i18next';
import { LevelBadge } from './level';
import type { VisibleGraph } from './graphModel';
import type { GraphNode, SupplyGraphData } from './types';

type Props = {
  data: SupplyGraphData;
  view: VisibleGraph;
  expanded: ReadonlySet<string>;
  weakest: ReadonlySet<string>;
  selected: string | null;
  name: (n: GraphNode) => string;
  onSelect: (id: string) => void;
  onToggle: (id: string) => void;
};

/**
 * The graph as a table: the keyboard and screen-reader way to the same content, with the same focus
 * and expand actions as a click on the drawing.
 */
export function GraphTable({ data, view, expanded, weakest, selected, name, onSelect, onToggle }: Props) {
  const { t } = useTranslation();
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const chosen = selected ? byId.get(selected) : undefined;
  const suppliersOf = (id: string) => data.edges.filter((e) => e.from === id);
  const customersOf = (id: string) => data.edges.filter((e) => e.to === id);

  return (
    <>
      <div className="graph-details" role="region" aria-live="polite" aria-label={t('supplyChain.graph.details')}>
        {chosen ? (
          <>
            <h3 className="sub-heading">{name(chosen)}</h3>
            <dl className="facts">
              <dt>{t('supplyChain.graph.level')}</dt>
              <dd><LevelBadge level={chosen.level} /></dd>
              <dt>{t('supplyChain.graph.pathMin')}</dt>
              <dd><LevelBadge level={chosen.pathMinLevel} /></dd>
              <dt>{t('supplyChain.graph.depth')}</dt>
              <dd>{t('supplyChain.graph.tier', { count: chosen.depth })}</dd>
              <dt>{t('supplyChain.graph.alertCol')}</dt>
              <dd>{chosen.alerted ? t('supplyChain.graph.alertYes') : t('supplyChain.graph.alertNo')}</dd>
              <dt>{t('supplyChain.graph.itsSuppliers')}</dt>
              <dd>
                {suppliersOf(chosen.id).length === 0
                  ? '—'
                  : suppliersOf(chosen.id)
                      .map((e) => `${byId.get(e.to) ? name(byId.get(e.to)!) : e.to}${e.status === 'pending' ? `（${t('supplyChain.status.pending')}）` : ''}${e.mismatch ? `（${t('supplyChain.graph.belowRequired')}）` : ''}`)
                      .join(' / ')}
              </dd>
              <dt>{t('supplyChain.graph.itsCustomers')}</dt>
              <dd>{customersOf(chosen.id).length === 0 ? '—' : customersOf(chosen.id).map((e) => (byId.get(e.from) ? name(byId.get(e.from)!) : e.from)).join(' / ')}</dd>
            </dl>
          </>
        ) : (
          <p className="muted-inline">{t('supplyChain.graph.nothingSelected')}</p>
        )}
      </div>
      <div className="table-wrap">
        <table className="graph-table">
          <caption>{t('supplyChain.graph.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supplyChain.graph.node')}</th>
              <th scope="col">{t('supplyChain.graph.level')}</th>
              <th scope="col">{t('supplyChain.graph.pathMin')}</th>
              <th scope="col">{t('supplyChain.graph.depth')}</th>
              <th scope="col">{t('supplyChain.graph.alertCol')}</th>
              <th scope="col">{t('supplyChain.graph.expandCol')}</th>
            </tr>
          </thead>
          <tbody>
            {view.nodes.map((n) => {
              const count = view.suppliersOf.get(n.id)?.length ?? 0;
              return (
                <tr key={n.id} className={n.id === selected ? 'row-selected' : undefined}>
                  <th scope="row">
                    <button type="button" className="link-button" aria-pressed={n.id === selected} onClick={() => onSelect(n.id)}>{name(n)}</button>
                    {n.root && <span className="badge">{t('supplyChain.graph.rootMark')}</span>}
                    {weakest.has(n.id) && <span className="badge badge-weakest">{t('supplyChain.graph.weakestMark')}</span>}
                  </th>
                  <td><LevelBadge level={n.level} /></td>
                  <td><LevelBadge level={n.pathMinLevel} /></td>
                  <td>{n.depth}</td>
                  <td>{n.alerted ? <span className="badge badge-severity-high">{t('supplyChain.graph.alertYes')}</span> : t('supplyChain.graph.alertNo')}</td>
                  <td>
                    {count > 0 && (
                      <button type="button" className="button button-small" aria-expanded={expanded.has(n.id)} aria-label={t(expanded.has(n.id) ? 'supplyChain.graph.collapseLabel' : 'supplyChain.graph.expandLabel', { name: name(n), count })} onClick={() => onToggle(n.id)}>
                        {t(expanded.has(n.id) ? 'supplyChain.graph.collapse' : 'supplyChain.graph.expand', { count })}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
