// Each compared run's colour: one of the theme's six chart colours, in the runs' order. The command
// compares six runs at most, so no two runs share one.
import type { ChartColor } from '../training/chart-theme';

export const RUN_COLORS: readonly ChartColor[] = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];

export const runColor = (index: number): ChartColor => RUN_COLORS[index % RUN_COLORS.length];
