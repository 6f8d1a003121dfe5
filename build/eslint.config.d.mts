// Types for the lint config, so tests can check the layer rules it defines.
import type { Linter } from 'eslint';

declare const config: Linter.Config[];
export default config;
