import type { TFunction } from 'i18next';
import { ASSET_CATEGORIES, PLACEMENTS } from '../assets/types';
import { currentLanguage } from '../i18n';
import { sectorName } from '../i18n/format';
import type { SummaryDimension } from './types';

/** A summary value in words ("緊急", "悪用確認済み", "インターネット公開"); unknown values as they are. */
export function valueLabel(t: TFunction, dimension: SummaryDimension, value: string): string {
  switch (dimension) {
    case 'sector':
      // Worded as the dashboard's exposure tile words it, whose sector links lead here.
      return value === 'none' ? t('dashboard.noSector') : sectorName(value, currentLanguage());
    case 'severity':
      return t(`advisories.severities.${value as 'critical'}`, { defaultValue: value });
    case 'knownExploited':
      return t(value === 'true' ? 'advisories.summary.exploited' : 'advisories.summary.notExploited');
    case 'overdue':
      return t(value === 'true' ? 'advisories.summary.overdue' : 'advisories.summary.inTime');
    case 'verdict':
      return t(`advisories.verdicts.${value as 'affected'}`, { defaultValue: value });
    case 'placement':
      return (PLACEMENTS as readonly string[]).includes(value) ? t(`assets.placements.${value as 'internal'}`) : value;
    case 'category':
      return (ASSET_CATEGORIES as readonly string[]).includes(value) ? t(`assets.categories.${value as 'server'}`) : value;
  }
}

/** "重大度: 緊急" */
export function pickLabel(t: TFunction, dimension: SummaryDimension, value: string): string {
  return `${t(`advisories.summary.dimensions.${dimension}`)}: ${valueLabel(t, dimension, value)}`;
}
