import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../api/client';
import { currentLanguage } from '../i18n';
import { LoadError, Loading } from '../ui/Status';
import { useMinistryNotification } from './api';
import { AssetsNav } from './AssetsNav';
import { useLiveAssets } from './live';
import { Identity, operatorName } from './text';
import './assets.css';

/** /assets/ministry: the designated critical computers to notify to the competent ministry, and the CSV to send. */
export function MinistryPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useMinistryNotification();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState('');
  useLiveAssets();

  async function exportCsv() {
    setDownloading(true);
    setDownloadError('');
    try {
      await downloadFile('/api/assets/ministry-notification?format=csv', 'designated-critical-computers.csv');
    } catch (e) {
      setDownloadError(errorMessage(e));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <h1>{t('nav.assets')}</h1>
      <AssetsNav current="ministry" />
      <div className="page-head">
        <h2>{t('assets.ministry.title')}</h2>
        <button type="button" className="button button-primary" aria-busy={downloading} onClick={() => void exportCsv()}>
          {t('assets.ministry.exportCsv')}
        </button>
      </div>
      <p className="lead">{t('assets.ministry.intro')}</p>
      {downloadError && <p className="alert alert-error" role="alert">{downloadError}</p>}
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data &&
        (list.data.length === 0 ? (
          <p>{t('assets.ministry.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('assets.ministry.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('assets.fields.name')}</th>
                  <th scope="col">{t('assets.fields.category')}</th>
                  <th scope="col">{t('assets.fields.productIdentity')}</th>
                  <th scope="col">{t('assets.fields.placement')}</th>
                  <th scope="col">{t('assets.fields.service')}</th>
                  <th scope="col">{t('assets.fields.criticality')}</th>
                  <th scope="col">{t('assets.fields.operator')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="cell-wrap">{a.name}</th>
                    <td>{t(`assets.categories.${a.category}`)}</td>
                    <td className="cell-wrap cell-product">
                      {[a.maker, a.product, a.version].filter(Boolean).join(' ') || '—'}
                      <Identity asset={a} />
                    </td>
                    <td>{t(`assets.placements.${a.placement}`)}</td>
                    <td className="cell-wrap">{a.service ?? '—'}</td>
                    <td>{t(`assets.criticalities.${a.criticality}`)}</td>
                    <td className="cell-wrap">{operatorName(a, lang, t('assets.list.ownStaff'))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
