import type { Migration } from './migration.js';
import { migration010 } from './010-initial.js';
import { migration020 } from './020-batches-geocoding.js';
import { migration030 } from './030-place-divisions.js';
import { migration040 } from './040-area-visibility.js';
import { migration050 } from './050-revision.js';
import { migration060 } from './060-print-layouts.js';
import { migration070 } from './070-record-fields.js';
import { migration080 } from './080-import-problems.js';
import { migration090 } from './090-revision-columns.js';

/** Append-only. The last entry's version is the schema this build writes. */
export const migrations: readonly Migration[] = [migration010, migration020, migration030, migration040, migration050, migration060, migration070, migration080, migration090];

export const currentSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;
