import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';

/**
 * The independent side of an engine test: the .ketu file opened read-only and asked with hand-written
 * SQL, never through native/store, so a count the engine gets wrong cannot agree with itself.
 */
export type SqlArg = string | number | bigint | Buffer | null;

export function readProject<T>(path: string, read: (db: Db) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every row a query returns, as objects. */
export function sqlRows<T>(path: string, query: string, ...args: SqlArg[]): T[] {
  return readProject(path, (db) => db.prepare(query).all(...args) as T[]);
}

/** The first column of every row. */
export function sqlColumn<T>(path: string, query: string, ...args: SqlArg[]): T[] {
  return readProject(path, (db) => db.prepare(query).pluck().all(...args) as T[]);
}

/** The number in the first column of the first row (a count, a sum). */
export function sqlNumber(path: string, query: string, ...args: SqlArg[]): number {
  return readProject(path, (db) => db.prepare(query).pluck().get(...args) as number);
}

/** The text in the first column of the first row; null for NULL or no row. */
export function sqlText(path: string, query: string, ...args: SqlArg[]): string | null {
  return readProject(path, (db) => (db.prepare(query).pluck().get(...args) as string | null | undefined) ?? null);
}

/** How many rows each named table holds. */
export function tableCounts<const K extends string>(path: string, tables: readonly K[]): Record<K, number> {
  return readProject(path, (db) => Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number])) as Record<K, number>);
}
