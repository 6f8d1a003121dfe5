import type { Database } from 'better-sqlite3';

/** What a migration may need besides the file: the resources folder its frozen data is checked against. */
export interface MigrationContext {
  /** null when the caller named none; a migration that needs it then fails with a clear message. */
  resourcesDir: string | null;
}

/** One schema step. Versions go in tens so a fix can slot in between; never edit a landed one. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database, context: MigrationContext): void;
}
