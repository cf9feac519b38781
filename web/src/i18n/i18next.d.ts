import 'i18next';
import type ja from './ja.json';

// Typed keys: t('nav.hom') is a compile error, and ja.json is the reference every language must match.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
    returnNull: false;
  }
}
