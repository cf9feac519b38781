import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../i18n';

/** i18n keys of the level names, index = level. */
export const LEVEL_KEYS = ['l0', 'l1', 'l2', 'l3', 'l4', 'l5'] as const;

/** A level's short mark: SECURITY ACTION ★ / ★★ below METI's ★3–★5; 0 = none declared. */
export function levelMark(level: number, lang: Language = currentLanguage()): string {
  if (level <= 0) return lang === 'ja' ? 'なし' : 'None';
  if (level === 1) return 'SA ★';
  if (level === 2) return 'SA ★★';
  return `★${level}`;
}

/**
 * A level as a badge. The colour repeats what the text says (never the only cue); every pair meets
 * WCAG AA (see supply-chain.css).
 */
export function LevelBadge({ level, label }: { level: number; label?: string }) {
  const { t } = useTranslation();
  const clamped = Math.max(0, Math.min(5, level));
  return (
    <span className={`badge badge-level badge-level-${clamped}`} title={t(`supplyChain.levels.${LEVEL_KEYS[clamped]!}`)}>
      {label ? `${label} ` : ''}
      {levelMark(clamped)}
    </span>
  );
}

/** Display name of a bilingual organisation reference. */
export function orgLabel(o: { name: string | null; nameEn: string | null }, lang: Language, anonymous: string): string {
  return (lang === 'en' ? o.nameEn : o.name) ?? o.name ?? anonymous;
}
