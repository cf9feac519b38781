import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { UploadProgress } from '../ui/UploadProgress';
import { useUploadProgress } from '../ui/useUploadProgress';
import { useImportAssets } from './api';
import { ImportErrors } from './ImportErrors';
import { ImportResultView } from './ImportResultView';
import { PLACEMENTS, type Placement } from './types';

/** A CycloneDX JSON SBOM: the described system becomes one asset, each component an asset under it. */
export function SbomImport() {
  const { t } = useTranslation();
  const progress = useUploadProgress();
  const run = useImportAssets(progress.listener);
  const [file, setFile] = useState<File | null>(null);
  const [placement, setPlacement] = useState<Placement>('internal');
  const [parentName, setParentName] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || run.isPending) return;
    run.mutate({ text: await file.text(), kind: 'sbom', placement, parentName: parentName.trim() || undefined });
  }

  return (
    <section className="card" aria-labelledby="import-sbom">
      <h2 id="import-sbom">{t('assets.import.sbomTitle')}</h2>
      <p>{t('assets.import.sbomIntro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="import-sbom-file">{t('assets.import.sbomFile')}</label>
          <input
            id="import-sbom-file"
            type="file"
            accept=".json,.cdx.json,application/json,application/vnd.cyclonedx+json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              run.reset();
            }}
          />
        </div>
        <div className="field-row">
          <SelectField
            id="import-sbom-placement"
            label={t('assets.fields.placement')}
            hint={t('assets.import.sbomPlacementHint')}
            value={placement}
            onChange={(x) => setPlacement(x as Placement)}
            options={PLACEMENTS.map((p) => ({ value: p, label: t(`assets.placements.${p}`) }))}
          />
          <TextField id="import-sbom-parent" label={t('assets.import.parentName')} hint={t('assets.import.parentNameHint')} value={parentName} onChange={setParentName} maxLength={200} />
        </div>
        <button type="submit" className="button button-primary" disabled={!file} aria-busy={run.isPending}>{t('assets.import.sbomSubmit')}</button>
      </form>
      <UploadProgress state={progress.state} active={run.isPending} />
      {run.isError && <ImportErrors error={run.error} kind="sbom" />}
      {run.data && file && <ImportResultView result={run.data} fileName={file.name} />}
    </section>
  );
}
