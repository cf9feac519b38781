import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ja from './ja.json';

export type Language = 'ja' | 'en';
export const languages: readonly Language[] = ['ja', 'en'];

/** localStorage key; kept outside the session so the choice survives logout and login. */
const storageKey = 'renkei.lang';

// `satisfies` makes the build fail when en.json lacks a key that ja.json (the reference) has.
export const resources = {
  ja: { translation: ja },
  en: { translation: en satisfies typeof ja },
} as const;

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'en' || value === 'ja' ? value : 'ja';
  } catch {
    // Storage can be blocked (privacy settings); Japanese is the default audience.
    return 'ja';
  }
}

/** The UI language as a narrow type, for Accept-Language and bilingual fields (name / nameEn). */
export function currentLanguage(): Language {
  return i18n.resolvedLanguage === 'en' ? 'en' : 'ja';
}

function applyToDocument(lng: string): void {
  // <html lang> drives screen-reader pronunciation and CJK font selection.
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(storageKey, lng);
  } catch {
    // Not persisting is acceptable; the switch still works for this page load.
  }
}

i18n.on('languageChanged', applyToDocument);

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: 'ja',
  supportedLngs: languages,
  // Resources are bundled, so initialise synchronously and never render untranslated keys.
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

applyToDocument(currentLanguage());

export default i18n;
