import type BetterSqlite3 from 'better-sqlite3';
import type { CellProblem } from '../contract/errors.js';

/** Where a page of a batch's problems ends: the next page starts after it. */
export interface ProblemCursor {
  row: number;
  seq: number;
}

export interface ProblemPageRequest {
  after?: ProblemCursor | null | undefined;
  limit: number;
  /** 'error': only what refuses a row; 'flag': everything else. */
  severity?: 'error' | 'flag' | undefined;
}

export interface ProblemPage {
  problems: CellProblem[];
  /** null after the last page. */
  next: ProblemCursor | null;
}

/** Rows per page when a whole report is read through (the .xlsx report, a digest). */
export const PROBLEM_PAGE = 5_000;

type Row = [number, number, string, string, string, string | null, string | null];

/** The keys in the order the import made them (and the JSON report held them): severity and value only when set. */
function problemOf([row, , sheet, column, reason, severity, value]: Row): CellProblem {
  const p: CellProblem = { sheet, row, column, reason };
  if (severity !== null) p.severity = severity === 'error' ? 'error' : 'flag';
  if (value !== null) p.value = value;
  return p;
}

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** One page of a batch's problems in report order (row, then as found), through the table's key. */
export function readProblems(db: BetterSqlite3.Database, importId: number, page: ProblemPageRequest): ProblemPage {
  const filter = page.severity === 'error' ? " AND severity = 'error'" : page.severity === 'flag' ? " AND severity IS NOT 'error'" : '';
  let byDb = statements.get(db);
  if (byDb === undefined) {
    byDb = new Map();
    statements.set(db, byDb);
  }
  let stmt = byDb.get(filter);
  if (stmt === undefined) {
    stmt = db
      .prepare(`SELECT row, seq, sheet, "column", reason, severity, value FROM import_problems WHERE import_id = ? AND (row, seq) > (?, ?)${filter} ORDER BY row, seq LIMIT ?`)
      .raw();
    byDb.set(filter, stmt);
  }
  const after = page.after ?? { row: Number.MIN_SAFE_INTEGER, seq: 0 };
  const rows = stmt.all(importId, after.row, after.seq, page.limit) as Row[];
  const last = rows[rows.length - 1];
  return { problems: rows.map(problemOf), next: last === undefined || rows.length < page.limit ? null : { row: last[0], seq: last[1] } };
}

/** Every problem of a batch in report order, a page at a time: never all of them in memory. */
export function* problemPages(db: BetterSqlite3.Database, importId: number, pageSize = PROBLEM_PAGE): Generator<CellProblem[]> {
  let after: ProblemCursor | null = null;
  do {
    const page = readProblems(db, importId, { after, limit: pageSize });
    if (page.problems.length > 0) yield page.problems;
    after = page.next;
  } while (after !== null);
}
