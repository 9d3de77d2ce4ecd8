// Registry export files (issue 10, item 5): pure functions, rows in, file text out (docs/exports.md). Only the
// public API is exported; the date and quantity helpers stay inside (tests import them by path).
export { safeCell } from './csv.ts';
export {
  EXPORT_FORMATS,
  EXPORT_LAYOUTS,
  type ExportColumn,
  type ExportFormat,
  type ExportLayout,
  type UnitMonthLine,
} from './layouts.ts';
export { exportGeneration, type ExportResult, type GenerationMonth } from './generation.ts';
