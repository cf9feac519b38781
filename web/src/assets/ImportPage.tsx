import { useTranslation } from 'react-i18next';
import { AssetsNav } from './AssetsNav';
import { CsvImport } from './CsvImport';
import { SbomImport } from './SbomImport';
import { useLiveAssets } from './live';
import './assets.css';

/** /assets/import: bulk registration from the CSV template or a CycloneDX SBOM. */
export function ImportPage() {
  const { t } = useTranslation();
  useLiveAssets();
  return (
    <>
      <h1>{t('nav.assets')}</h1>
      <AssetsNav current="import" />
      <p className="lead">{t('assets.import.intro')}</p>
      <CsvImport />
      <SbomImport />
    </>
  );
}
