// The public API of @b2c-alerts/investigate. Anything not exported here is internal.
export { InvestigateError, isInvestigateError, type InvestigateErrorCode } from './errors/investigate-error.js';
export {
  eventFilterSchema,
  detailConditionSchema,
  type EventFilter,
  type EventFilterInput,
  type DetailCondition,
} from './filters/event-filter.js';
export type { ResolvedFilter } from './filters/resolved-filter.js';
export { resolveFilter, type ResolveFilterOptions } from './filters/resolve-filter.js';
export { b2cResourceTypes, canonicalCategories } from './filters/categories.js';
export { compileWhere, type SqlParam, type SqlWhere } from './filters/compile-sql.js';
export { matchesRow } from './filters/match-row.js';
export { ipKey, ipKeyRange } from './filters/ip-key.js';
export type { EventRow, DetailEntry, TargetEntry, ModifiedEntry, RecordLocator } from './rows/event-row.js';
export { toEventRow } from './rows/to-event-row.js';
export { compareIds } from './rows/compare-ids.js';
export { DuckDbEngine, type EngineOptions } from './query/duckdb-engine.js';
export { indexArchive, type IndexArchiveOptions, type IndexSummary } from './index/index-archive.js';
export { indexDirectoryName, type DayManifest } from './index/day-manifest.js';
export { archiveTenant, checkArchiveTenant } from './archive/archive-tenant.js';
export type { RawReason, SkippedPartNotice } from './query/day-plan.js';
export { EventSearch, maxQueryRows, type SearchOptions, type SearchSources } from './query/search-events.js';
export { queryEvents, type EventPage } from './query/query-page.js';
export { findEvent, type FindEventOptions } from './query/find-event.js';
export {
  countEvents,
  groupFieldNames,
  type CountOptions,
  type CountResult,
  type GroupField,
} from './query/count-events.js';
export { histogramEvents, type HistogramOptions, type HistogramResult } from './query/histogram.js';
export { readRawRecords, type ReadRawRecordsOptions } from './query/raw-records.js';
export { csvCell, csvRecord, maxCellChars } from './csv/csv-cell.js';
export { csvHeader, csvFields, detailColumns, isoMicros } from './csv/csv-columns.js';
export { csvProjection } from './csv/csv-projection.js';
export { rowProjection, type Projection, type Projected } from './query/projection.js';
