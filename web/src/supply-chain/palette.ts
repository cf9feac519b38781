/**
 * Level colours shared by the badges (supply-chain.css mirrors them) and the graph: a red-to-green
 * scale, each at least 3:1 against white (WCAG 1.4.11) so a node's fill is visible; the level is
 * always also written as text beside it.
 */
export const LEVEL_COLOURS = ['#b3261e', '#a14d00', '#7a5c00', '#0b57a4', '#1e6b3d', '#4a2a7a'] as const;
export const ANONYMOUS_COLOUR = '#6b7684';
export const ALERT_COLOUR = '#b3261e';
export const EDGE_COLOUR = '#4b5563';
export const INK = '#1b1f24';

export function levelColour(level: number): string {
  return LEVEL_COLOURS[Math.max(0, Math.min(5, level))]!;
}
