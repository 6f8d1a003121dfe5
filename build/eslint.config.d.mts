// Types for the lint config, so tests can check the layer rules it defines.
import type { Linter } from 'eslint';

declare const config: Linter.Config[];
export default config;
/** The layer table: each layer (a folder, or renderer/main.tsx) and the layers it may import. */
export declare const layers: Readonly<Record<string, readonly string[]>>;
