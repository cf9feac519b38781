/**
 * Series colours for the home's charts: each at least 3:1 against the white tile (WCAG 1.4.11 for
 * graphical objects) and told apart by more than hue (the legend and the links beside every chart
 * name each series).
 */
export const SERIES = ['#14325c', '#0b57a4', '#8a5300', '#b3261e', '#1e6b3c', '#6a3d9a', '#4b5563'];

/** The heat map's ramp, light to dark navy; cells also carry their number in the tooltip and links. */
export const HEAT = ['#eaf2fb', '#9fbfe0', '#4f86c0', '#14325c'];

export const AXIS = { axisLabel: { color: '#4b5563' }, axisLine: { lineStyle: { color: '#4b5563' } } };
