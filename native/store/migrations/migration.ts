import type { Database } from 'better-sqlite3';

/** One schema step. Versions go in tens so a fix can slot in between; never edit a landed one. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
