export { methods, isMethodName, areaGrades, areaCountDimensions, rankingDimensions, geocodeProviders, placePrecisions, unsurePrecisions, isUnsurePrecision, placeRoles, siteKinds, crsNames, declaredCrsNames, importStages, textEncodings, importFields } from './methods.js';
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
  PlacePrecision,
  GazetteerHit,
  RecentProject,
  PlaceBrief,
  PlaceDetail,
} from './methods.js';
export type { CallContext, Handler, Handlers } from './handler-types.js';
export { engineEventSchema } from './events.js';
export type { EngineEvent, ProgressEvent, ProjectChangedEvent } from './events.js';
export { KetuError, errorCodes, isWireError } from './errors.js';
export type { ErrorCode, WireError, CellProblem, ErrorDetails } from './errors.js';
export { encodeFrame, decodeFrame } from './frame.js';
export type { KetuBridge, BridgeReply, FileFilter, MenuItemModel, MenuModel, MenuSectionId } from './bridge.js';
export { menuModelSchema, menuSectionIds } from './bridge.js';
export { builtinPlaceFields, classSchemes, fieldKinds, layerConfigSchema, layerTypes, LAYER_CONFIG_VERSION, MISSING_CODE, symbolModes } from './layers.js';
export type { BuiltinPlaceField, ClassScheme, FieldColumn, FieldKind, LayerConfig, LayerType, MapSettings, PlaceFieldInfo, SymbolMode } from './layers.js';
export { daysIso, filterValueNumber, isoDays } from './filter-values.js';
export { BUNDLED_BASEMAP, PACK_MAX_TILES, basemapCrs, isOnlineProvider, onlineProviders, tiandituLayers } from './basemaps.js';
export type { LocalBasemap, OnlineProvider, PackParams, PackPlan, PackRegion, PackResult, TileArchiveInfo, TiandituLayer, VectorLayer } from './basemaps.js';
export { displayColumns, displayPositions, displayRing, fromDisplay, toDisplay } from './display-crs.js';
export type { DisplayCrs } from './display-crs.js';
export { NO_AREA_LABEL, areaBandOf, areaBandRanges, areaRangeLabel, sameRange } from './area-bands.js';
export type { AreaRange } from './area-bands.js';
export { PRINT_LAYOUT_VERSION, defaultPrintLayout, migratePrintLayout, paperMm, placeableElements, printDpis, printFormats, printLayoutSchema, printPageSchema, printPapers, printTemplates } from './print-layout.js';
export type { PlaceableElement, PrintChart, PrintElements, PrintFormat, PrintLayout, PrintLegend, PrintPage, PrintPaper, PrintPlacement, PrintPlacements, PrintTemplate } from './print-layout.js';
