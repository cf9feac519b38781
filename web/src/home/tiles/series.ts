/** Every UTC day from `since` to today, as YYYY-MM-DD (the server buckets by date_trunc('day')). */
export function daysSince(since: string): string[] {
  const out: string[] = [];
  const s = new Date(since);
  for (let d = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate())); d <= new Date(); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** A daily line chart's option: counts per day, zero where nothing happened. */
export function dailyLine(name: string, since: string, byDay: { day: string; n: number }[], color: string) {
  const days = daysSince(since);
  const counts = new Map(byDay.map((d) => [d.day.slice(0, 10), d.n]));
  return {
    aria: { enabled: true },
    color: [color],
    tooltip: { trigger: 'axis' },
    grid: { left: 32, right: 8, top: 12, bottom: 24 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)), axisLabel: { color: '#4b5563' }, axisLine: { lineStyle: { color: '#4b5563' } } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#4b5563' } },
    series: [{ name, type: 'line', data: days.map((d) => counts.get(d) ?? 0), areaStyle: { opacity: 0.15 }, symbolSize: 6 }],
  };
}
