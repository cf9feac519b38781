import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { SelectField } from '../ui/SelectField';
import { useAssessors, useDeclare } from './api';
import { LevelBadge } from './level';
import type { CatalogueLevel } from './types';

/**
 * Turns the answers into a level others see: self-assessed levels (up to ★3) count at once; ★4/★5 go to
 * a registered assessor as a claim. The server checks the assessor's independence.
 */
export function DeclarePanel({ metLevel, levels, saving }: { metLevel: number; levels: CatalogueLevel[]; saving: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const me = useMe();
  const declare = useDeclare();
  const assessors = useAssessors();
  const [assessor, setAssessor] = useState('');
  const selfDeclarable = levels.filter((l) => l.level <= metLevel && l.assessment === 'self').reduce((m, l) => Math.max(m, l.level), 0);
  const claimable = metLevel > selfDeclarable;
  const server = declare.error instanceof ApiError ? declare.error : null;
  const choices = (assessors.data ?? []).filter((a) => a.orgId !== me.organization.id);

  return (
    <section className="card" aria-labelledby="declare-title">
      <h2 id="declare-title">{t('supplyChain.declare.title')}</h2>
      {metLevel === 0 ? (
        <p>{t('supplyChain.declare.notYet')}</p>
      ) : (
        <>
          <p>
            {t('supplyChain.declare.selfPart')} <LevelBadge level={selfDeclarable} />
          </p>
          {claimable && (
            <>
              <p>
                {t('supplyChain.declare.claimPart')} <LevelBadge level={metLevel} />
              </p>
              <SelectField
                id="declare-assessor"
                label={t('supplyChain.declare.assessor')}
                hint={t('supplyChain.declare.assessorHint')}
                value={assessor}
                onChange={setAssessor}
                placeholder={t('supplyChain.declare.noAssessor')}
                options={choices.map((a) => ({ value: a.orgId, label: `${lang === 'en' ? a.nameEn : a.name}（${a.registrationNo}）` }))}
                error={server?.fieldMessage('assessorOrgId')}
              />
            </>
          )}
          <button type="button" className="button button-primary" disabled={saving || declare.isPending} aria-busy={declare.isPending} onClick={() => declare.mutate(assessor || undefined)}>
            {t('supplyChain.declare.submit')}
          </button>
        </>
      )}
      {declare.isError && !server?.fieldMessage('assessorOrgId') && <p className="alert alert-error" role="alert">{errorMessage(declare.error)}</p>}
      {declare.data && (
        <p className="alert alert-info" role="status">
          {t('supplyChain.declare.done', { date: formatDateTime(declare.data.selfExpiresAt, lang) })} <LevelBadge level={declare.data.selfLevel} />
          {declare.data.claim && <> {t('supplyChain.declare.claimSent')} <LevelBadge level={declare.data.claim.level} /></>}
        </p>
      )}
    </section>
  );
}
