import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { Link } from '../app/router';
import { can, useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { formatDateTime, localizedName } from '../i18n/format';
import { useExercises, useLiveExercises } from './api';
import '../alerts/alerts.css';

/** /exercises: the exercises my organisation runs or takes part in. */
export function ExercisesPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const me = useMe();
  const list = useExercises();
  useLiveExercises();
  return (
    <>
      <div className="page-head">
        <h1>{t('exercises.title')}</h1>
        {can(me, 'exercises.create') && <Link to="/exercises/new" className="button button-primary">{t('exercises.newLink')}</Link>}
      </div>
      <p className="lead">{t('exercises.intro')}</p>
      {list.isPending ? (
        <p role="status">{t('alerts.loading')}</p>
      ) : list.isError ? (
        <p className="alert alert-error" role="alert">{errorMessage(list.error)}</p>
      ) : list.data.length === 0 ? (
        <p>{t('exercises.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('exercises.columns.name')}</th>
                <th scope="col">{t('exercises.columns.owner')}</th>
                <th scope="col">{t('exercises.columns.state')}</th>
                <th scope="col">{t('exercises.columns.progress')}</th>
                <th scope="col">{t('exercises.columns.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((e) => (
                <tr key={e.id}>
                  <td><span className="badge badge-exercise">{t('exercises.mark')}</span> <Link to={`/exercises/${e.id}`}>{e.name}</Link></td>
                  <td>{localizedName(e.owner, lang)}</td>
                  <td>{t(`exercises.state.${e.state}`)}</td>
                  <td>{t('exercises.progress', { fired: e.fired, total: e.injects })}</td>
                  <td><time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lang)}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
