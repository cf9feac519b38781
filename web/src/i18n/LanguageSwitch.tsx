import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One button that toggles between the two languages. Its accessible name is "Language" in both
 * languages so people (and tests) can find it whatever the current language is; the description
 * says which language is active.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const descriptionId = useId();
  const isJa = i18n.resolvedLanguage !== 'en';
  return (
    <>
      <button
        type="button"
        className="lang-switch"
        aria-label="Language"
        aria-describedby={descriptionId}
        onClick={() => void i18n.changeLanguage(isJa ? 'en' : 'ja')}
      >
        <span lang="ja" className={isJa ? 'lang-on' : undefined}>日本語</span>
        <span aria-hidden="true"> / </span>
        <span lang="en" className={isJa ? undefined : 'lang-on'}>English</span>
      </button>
      <span id={descriptionId} className="visually-hidden">{t('lang.current')}</span>
    </>
  );
}
