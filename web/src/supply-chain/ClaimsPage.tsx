import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { LoadError, Loading } from '../ui/Status';
import { useClaims, useDecideClaim } from './api';
import { ClaimReview } from './ClaimReview';
import { LevelBadge, orgLabel } from './level';
import { useLiveSupplyChain } from './live';
import { SupplyFrame } from './SupplyNav';
import type { Claim } from './types';
import '../assets/assets.css';
import './supply-chain.css';

/**
 * /supply-chain/claims: a registered assessor confirms or rejects the ★4/★5 claims addressed to it.
 * Anyone else gets 404 from the server and is told the page is for assessors, without the assessor's lead text.
 */
export function ClaimsPage() {
  const { t } = useTranslation();
  const claims = useClaims();
  const [done, setDone] = useState('');
  useLiveSupplyChain();
  const pending = claims.data?.filter((c) => c.status === 'pending') ?? [];
  const decided = claims.data?.filter((c) => c.status !== 'pending') ?? [];
  const notAssessor = claims.error instanceof ApiError && claims.error.status === 404;
  return (
    <SupplyFrame current="claims" lead={claims.isSuccess}>
      <p role="status" className="muted">{done}</p>
      {claims.isPending && <Loading />}
      {notAssessor && <p>{t('supplyChain.claims.notAssessor')}</p>}
      {claims.isError && !notAssessor && <LoadError error={claims.error} onRetry={() => void claims.refetch()} />}
      {claims.data && (
        <>
          <h2 id="claims-pending" tabIndex={-1}>{t('supplyChain.claims.pendingTitle')}</h2>
          {pending.length === 0 ? <p>{t('supplyChain.claims.none')}</p> : <ul className="claim-list">{pending.map((c) => <ClaimCard key={c.id} claim={c} onDone={setDone} />)}</ul>}
          {decided.length > 0 && (
            <>
              <h2>{t('supplyChain.claims.decidedTitle')}</h2>
              <ul className="claim-list">{decided.map((c) => <ClaimCard key={c.id} claim={c} onDone={setDone} />)}</ul>
            </>
          )}
        </>
      )}
    </SupplyFrame>
  );
}

function ClaimCard({ claim, onDone }: { claim: Claim; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const decide = useDecideClaim();
  const [note, setNote] = useState('');
  const name = orgLabel(claim.org, lang, t('supplyChain.anonymous'));
  const base = `claim-${claim.id}`;
  const server = decide.error instanceof ApiError ? decide.error : null;
  const act = (decision: 'confirm' | 'reject') =>
    decide.mutate(
      { id: claim.id, decision, note: note.trim() || undefined },
      {
        onSuccess: (r) => {
          onDone(t(r.status === 'active' ? 'supplyChain.claims.confirmed' : 'supplyChain.claims.rejected', { name }));
          document.getElementById('claims-pending')?.focus();
        },
      },
    );
  return (
    <li className="card claim" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>
        {name} <LevelBadge level={claim.level} />
      </h3>
      <dl className="facts">
        <dt>{t('supplyChain.claims.filed')}</dt>
        <dd>{formatDateTime(claim.createdAt, lang)}</dd>
        <dt>{t('supplyChain.claims.catalogue')}</dt>
        <dd>{claim.catalogueVersion}</dd>
        <dt>{t('supplyChain.ratings.status')}</dt>
        <dd>
          <span className={`badge badge-rating-${claim.status}`}>{t(`supplyChain.ratings.statuses.${claim.status}`)}</span>
          {claim.expiresAt && <span className="cell-sub">{t('supplyChain.claims.validUntil', { date: formatDateTime(claim.expiresAt, lang) })}</span>}
        </dd>
        {claim.note && (
          <>
            <dt>{t('supplyChain.claims.note')}</dt>
            <dd className="pre-wrap">{claim.note}</dd>
          </>
        )}
      </dl>
      {claim.status === 'pending' && (
        <>
          {claim.review && <ClaimReview review={claim.review} level={claim.level} />}
          <p className="muted-inline">{t('supplyChain.claims.independence')}</p>
          <div className="field">
            <label htmlFor={`${base}-note`}>{t('supplyChain.claims.noteLabel')}</label>
            <textarea id={`${base}-note`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="button" className="button button-primary" aria-busy={decide.isPending} onClick={() => act('confirm')}>
              {t('supplyChain.claims.confirm', { level: claim.level })}
            </button>
            <button type="button" className="button button-danger" aria-busy={decide.isPending} onClick={() => act('reject')}>
              {t('supplyChain.claims.reject')}
            </button>
          </div>
        </>
      )}
      {decide.isError && <p className="alert alert-error" role="alert">{server?.fieldMessage('decision') ?? errorMessage(decide.error)}</p>}
    </li>
  );
}
