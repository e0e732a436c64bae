/** The documented default of DEMO_PASSWORD (README). */
export const DEFAULT_DEMO_PASSWORD = 'Demo#2026';
