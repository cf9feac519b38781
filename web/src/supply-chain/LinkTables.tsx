import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useDecideLink, useRemoveLink } from './api';
import { QUESTIONS } from './AddLinkForm';
import { LevelBadge, orgLabel } from './level';
import type { OrganizationKind } from '../api/types';
import type { Link } from './types';

/** 確認待ち / 確認済み / 否認: a pending link is always shown as pending, on both sides. */
export function LinkStatusBadge({ status }: { status: Link['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge badge-link-${status}`}>{t(`supplyChain.status.${status}`)}</span>;
}

/** Which of the three questions hold, in words (a list, not icons). */
function Facts({ link }: { link: Link }) {
  const { t } = useTranslation();
  const yes = QUESTIONS.filter((q) => link[q]);
  if (yes.length === 0) return <span className="muted-inline">{t('supplyChain.links.noneOfThree')}</span>;
  return (
    <ul className="plain-list fact-list">
      {yes.map((q) => <li key={q}>{t(`supplyChain.questions.${q}Short`)}</li>)}
    </ul>
  );
}

/** The caller's suppliers: what each provides, why the level is required, and whether it has confirmed. */
export function SupplierTable({ links }: { links: Link[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const remove = useRemoveLink();
  const [confirming, setConfirming] = useState<Link | null>(null);
  const [done, setDone] = useState('');
  const anon = t('supplyChain.anonymous');

  if (links.length === 0) return <p>{t('supplyChain.links.noSuppliers')}</p>;
  return (
    <>
      <p role="status" className="muted">{done}</p>
      {remove.isError && <p className="alert alert-error" role="alert">{errorMessage(remove.error)}</p>}
      {confirming && (
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="link-remove-question">
          <p id="link-remove-question">{t('supplyChain.links.confirmRemove', { name: orgLabel(confirming.supplier, lang, anon) })}</p>
          <div className="button-row">
            <button
              type="button"
              className="button button-danger"
              autoFocus
              aria-busy={remove.isPending}
              onClick={() =>
                remove.mutate(confirming.id, {
                  onSuccess: () => setDone(t('supplyChain.links.removed', { name: orgLabel(confirming.supplier, lang, anon) })),
                  onSettled: () => {
                    setConfirming(null);
                    document.getElementById('links-suppliers')?.focus();
                  },
                })
              }
            >
              {t('supplyChain.links.removeButton')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>{t('supplyChain.cancel')}</button>
          </div>
        </div>
      )}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('supplyChain.links.suppliersTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supplyChain.links.supplier')}</th>
              <th scope="col">{t('supplyChain.links.provides')}</th>
              <th scope="col">{t('supplyChain.links.facts')}</th>
              <th scope="col">{t('supplyChain.links.criticality')}</th>
              <th scope="col">{t('supplyChain.links.required')}</th>
              <th scope="col">{t('supplyChain.links.status')}</th>
              <th scope="col">{t('supplyChain.links.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={l.id}>
                <th scope="row">{orgLabel(l.supplier, lang, anon)}<span className="cell-sub">{t(`kinds.${l.supplier.kind as OrganizationKind}`)}</span></th>
                <td className="cell-wrap">{l.provides}</td>
                <td className="cell-wrap"><Facts link={l} /></td>
                <td>{t(`supplyChain.criticality.${l.criticality}`)}</td>
                <td><LevelBadge level={l.requiredLevel} /></td>
                <td><LinkStatusBadge status={l.status} />{l.decidedAt && <span className="cell-sub">{formatDateTime(l.decidedAt, lang)}</span>}</td>
                <td>
                  {l.abilities.remove && (
                    <button type="button" className="button button-small" aria-label={t('supplyChain.links.removeLabel', { name: orgLabel(l.supplier, lang, anon) })} onClick={() => setConfirming(l)}>
                      {t('supplyChain.links.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The caller's customers: who named it as a supplier, what they require, and confirm / reject for pending ones. */
export function CustomerTable({ links }: { links: Link[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const decide = useDecideLink();
  const [done, setDone] = useState('');
  const anon = t('supplyChain.anonymous');

  if (links.length === 0) return <p>{t('supplyChain.links.noCustomers')}</p>;
  return (
    <>
      <p role="status" className="muted">{done}</p>
      {decide.isError && <p className="alert alert-error" role="alert">{errorMessage(decide.error)}</p>}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('supplyChain.links.customersTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supplyChain.links.customer')}</th>
              <th scope="col">{t('supplyChain.links.provides')}</th>
              <th scope="col">{t('supplyChain.links.facts')}</th>
              <th scope="col">{t('supplyChain.links.required')}</th>
              <th scope="col">{t('supplyChain.links.status')}</th>
              <th scope="col">{t('supplyChain.links.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => {
              const name = orgLabel(l.customer, lang, anon);
              const act = (decision: 'confirm' | 'reject') =>
                decide.mutate({ id: l.id, decision }, { onSuccess: () => setDone(t(decision === 'confirm' ? 'supplyChain.links.confirmed' : 'supplyChain.links.rejected', { name })) });
              return (
                <tr key={l.id}>
                  <th scope="row">{name}</th>
                  <td className="cell-wrap">{l.provides}</td>
                  <td className="cell-wrap"><Facts link={l} /></td>
                  <td><LevelBadge level={l.requiredLevel} /></td>
                  <td><LinkStatusBadge status={l.status} /></td>
                  <td>
                    {l.abilities.confirm && (
                      <div className="row-actions">
                        <button type="button" className="button button-small button-primary" aria-label={t('supplyChain.links.confirmLabel', { name })} aria-busy={decide.isPending} onClick={() => act('confirm')}>
                          {t('supplyChain.links.confirm')}
                        </button>
                        <button type="button" className="button button-small" aria-label={t('supplyChain.links.rejectLabel', { name })} aria-busy={decide.isPending} onClick={() => act('reject')}>
                          {t('supplyChain.links.reject')}
                        </button>
                      </div>
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

/** Links the caller oversees without being a party (the national hub, competent ministries). */
export function OverseenTable({ links }: { links: Link[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const anon = t('supplyChain.anonymous');
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('supplyChain.links.overseenTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supplyChain.links.customer')}</th>
            <th scope="col">{t('supplyChain.links.supplier')}</th>
            <th scope="col">{t('supplyChain.links.provides')}</th>
            <th scope="col">{t('supplyChain.links.required')}</th>
            <th scope="col">{t('supplyChain.links.status')}</th>
          </tr>
        </thead>
        <tbody>
          {links.map((l) => (
            <tr key={l.id}>
              <th scope="row">{orgLabel(l.customer, lang, anon)}</th>
              <td>{orgLabel(l.supplier, lang, anon)}</td>
              <td className="cell-wrap">{l.provides}</td>
              <td><LevelBadge level={l.requiredLevel} /></td>
              <td><LinkStatusBadge status={l.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
