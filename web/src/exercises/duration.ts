import type { TFunction } from 'i18next';

export type DurationPart = { unit: 'hours' | 'minutes' | 'seconds'; count: number };

/**
 * A number of seconds as hours, minutes and seconds, leaving out the zero ones: 5400 → 1 h 30 min.
 * Zero is "0 min", since scenario timelines are written in minutes.
 */
export function durationParts(totalSeconds: number): DurationPart[] {
  const s = Math.max(0, Math.round(totalSeconds));
  const parts: DurationPart[] = [
    { unit: 'hours', count: Math.floor(s / 3600) },
    { unit: 'minutes', count: Math.floor((s % 3600) / 60) },
    { unit: 'seconds', count: s % 60 },
  ];
  const shown = parts.filter((p) => p.count > 0);
  return shown.length ? shown : [{ unit: 'minutes', count: 0 }];
}

/** The duration in the reader's language: 「1 時間 30 分」, "1 h 30 min". */
export function formatDuration(totalSeconds: number, t: TFunction): string {
  return durationParts(totalSeconds)
    .map((p) => t(`exercises.duration.${p.unit}`, { count: p.count }))
    .join(' ');
}

/** When an inject fires, counted from the start: 「+15 分」, "+1 h 30 min". */
export function formatOffset(offsetSeconds: number, t: TFunction): string {
  return t('exercises.detail.offset', { duration: formatDuration(offsetSeconds, t) });
}
