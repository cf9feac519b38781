import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../app/router';
import { LoadError, Loading } from '../ui/Status';
import { useAsset, useUpdateAsset } from './api';
import { AssetForm } from './AssetForm';
import { AssetsNav } from './AssetsNav';
import { toPatch, valuesOf } from './model';
import './assets.css';

/** /assets/:id/edit: the owner changes an asset; a changed identity or version is matched again. */
export function EditAssetPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const asset = useAsset(id);
  const update = useUpdateAsset(id);

  return (
    <>
      <h1>{t('nav.assets')}</h1>
      <AssetsNav current="own" />
      <p className="breadcrumb"><Link to="/assets?scope=own">{t('assets.form.backToList')}</Link></p>
      {asset.isPending && <Loading />}
      {asset.isError && <LoadError error={asset.error} onRetry={() => void asset.refetch()} />}
      {asset.data && !asset.data.abilities.edit && <p className="alert alert-warning">{t('assets.form.notEditable')}</p>}
      {asset.data?.abilities.edit && (
        <>
          <h2>{t('assets.form.editTitle', { name: asset.data.name })}</h2>
          <AssetForm
            key={asset.data.id}
            initial={valuesOf(asset.data)}
            submitLabel={t('assets.form.save')}
            pending={update.isPending}
            serverError={update.error}
            onSubmit={(values) => update.mutate(toPatch(values), { onSuccess: () => navigate('/assets?scope=own&saved=1') })}
          />
        </>
      )}
    </>
  );
}
