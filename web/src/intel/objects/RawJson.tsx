import { useTranslation } from 'react-i18next';
import type { StixObject } from '../types';

/** The latest visible version exactly as stored, custom `x_` properties included. */
export function RawJson({ object }: { object: StixObject }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="raw-json-title">
      <h2 id="raw-json-title">{t('intel.object.rawTitle')}</h2>
      {/* Focusable so keyboard users can scroll a long object. */}
      <pre className="json-view" tabIndex={0} aria-labelledby="raw-json-title" data-testid="raw-json">{JSON.stringify(object, null, 2)}</pre>
    </section>
  );
}
