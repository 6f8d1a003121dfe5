export { methods, isMethodName, areaGrades, areaCountDimensions, rankingDimensions, geocodeProviders, placePrecisions, placeRoles, siteKinds, crsNames, declaredCrsNames, importStages, textEncodings, importFields } from './methods.js';
export type {
  Methods,
  MethodName,
  Params,
  ParsedParams,
  Result,
  PlaceRole,
  SiteKind,
  CrsName,
  Site,
  ProjectInfo,
  ImportPreview,
  ImportResult,
  ImportParams,
  ImportField,
  PlaceColumns,
  DeclaredCrs,
  ImportStage,
  ImportBatch,
  ReviewPlace,
  Ranking,
  Area,
  AreaShape,
  AreaCounts,
  AreaCountDimension,
  RankingDimension,
  PlaceFilter,
} from './methods.js';
export { engineEventSchema } from './events.js';
export type { EngineEvent, ProgressEvent, ProjectChangedEvent } from './events.js';
export { KetuError, errorCodes, isWireError } from './errors.js';
export type { ErrorCode, WireError, CellProblem, ErrorDetails } from './errors.js';
export { encodeFrame, decodeFrame } from './frame.js';
export type { KetuBridge, BridgeReply, FileFilter } from './bridge.js';
