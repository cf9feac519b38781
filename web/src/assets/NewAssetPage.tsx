import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';
import { newIdempotencyKey } from '../incidents/api';
import { useCreateAsset } from './api';
import { AssetForm } from './AssetForm';
import { AssetsNav } from './AssetsNav';
import { emptyAsset, toInput } from './model';
import './assets.css';

/** /assets/new: register one asset; it is matched against past advisories as soon as it is saved. */
export function NewAssetPage() {
  const { t } = useTranslation();
  const create = useCreateAsset();
  // One key per page visit: a double click or a retry registers the asset once.
  const key = useRef(newIdempotencyKey());

  return (
    <>
      <h1>{t('nav.assets')}</h1>
      <AssetsNav current="new" />
      <h2>{t('assets.form.newTitle')}</h2>
      <p className="lead">{t('assets.form.newIntro')}</p>
      <AssetForm
        initial={emptyAsset}
        submitLabel={t('assets.form.create')}
        pending={create.isPending}
        serverError={create.error}
        onSubmit={(values) =>
          create.mutate({ body: toInput(values), idempotencyKey: key.current }, { onSuccess: () => navigate('/assets?scope=own&saved=1') })
        }
      />
    </>
  );
}
