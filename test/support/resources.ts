import { divisionIndex } from '../../native/analysis/district-index.js';
import { resourcesDir } from '../../native/host/app-paths.js';

/** The bundled resources folder and its 区县/城市 lookup, as the engine's host hands them to the domains. */
export { resourcesDir };
export const divisionOf = divisionIndex(resourcesDir).divisionOf;
