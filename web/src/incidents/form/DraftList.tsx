import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { Link } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useDeleteDraft, useDrafts } from '../api';
import { draftTitle, stageOfDraft } from './model';

/** My autosaved drafts, to pick one up again or discard it; `exclude` is the one open in the form. */
export function DraftList({ exclude }: { exclude: string | null }) {
  const { t } = useTranslation();
  const drafts = useDrafts();
  const remove = useDeleteDraft();
  const [confirming, setConfirming] = useState<string | null>(null);
  const lang = currentLanguage();
  const others = drafts.data?.filter((d) => d.id !== exclude) ?? [];
  if (others.length === 0) return null;

  return (
    <section className="card" aria-labelledby="drafts-title">
      <h2 id="drafts-title">{t('incidents.draft.listTitle')}</h2>
      {remove.isError && <p className="alert alert-error" role="alert">{errorMessage(remove.error)}</p>}
      <ul className="draft-list">
        {others.map((d) => {
          const title = draftTitle(d.content) || t('incidents.draft.untitled');
          // An update or final report in progress opens on its report's stage form.
          const stage = stageOfDraft(d.content);
          const to = stage ? `/incidents/${encodeURIComponent(stage.reportId)}/stages/${stage.stage}` : `/incidents/new?draft=${encodeURIComponent(d.id)}`;
          return (
            <li key={d.id}>
              <Link to={to}>{title}</Link>
              {stage && <span className="badge">{t(stage.stage === 'final' ? 'incidents.draft.finalDraft' : 'incidents.draft.updateDraft')}</span>}
              <span className="muted"> {t('incidents.draft.updatedAt', { time: formatDateTime(d.updatedAt, lang) })}</span>
              {confirming === d.id ? (
                <span className="button-row inline-confirm">
                  <button type="button" className="button button-small button-danger" autoFocus onClick={() => remove.mutate(d.id, { onSettled: () => setConfirming(null) })}>
                    {t('incidents.draft.confirmDiscard')}
                  </button>
                  <button type="button" className="button button-small" onClick={() => setConfirming(null)}>
                    {t('tokens.cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" className="button button-small" aria-label={t('incidents.draft.discardLabel', { title })} onClick={() => setConfirming(d.id)}>
                  {t('incidents.draft.discard')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
