/**
 * Where the dashboard's static files are: `src/emulator/dashboard/` beside this file in the sources, and
 * `dist/emulator/dashboard/` beside the built emulator in the package (tsdown copies the folder there).
 */
export const DASHBOARD_DIR = new URL('./dashboard/', import.meta.url);
