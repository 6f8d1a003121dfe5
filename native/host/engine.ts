import { resolve } from 'node:path';
import { KetuError } from '../contract/errors.js';
import { writePng } from '../export/png-file.js';
import { parseXlsxImport } from '../import/xlsx-import.js';
import type { ParsedImport } from '../import/xlsx-import.js';
import { ProjectStore } from '../store/project-store.js';
import { appVersion } from './app-paths.js';
import type { CallContext, Handlers, TaskRegistry } from './dispatch.js';

const MAX_PROBLEMS = 200;

/** The engine's state: at most one open project, whose store is the only writer of its file. */
export class Engine {
  private store: ProjectStore | null = null;

  current(): ProjectStore {
    if (this.store === null) throw new KetuError('NO_PROJECT_OPEN', '尚未打开项目文件');
    return this.store;
  }

  replace(next: ProjectStore | null, ctx?: CallContext): void {
    this.store?.close();
    this.store = next;
    ctx?.emit({ type: 'project.changed', path: next?.path ?? null });
  }

  status(): ProjectStore | null {
    return this.store;
  }

  close(): void {
    this.replace(null);
  }
}

function rejectBadRows(parsed: ParsedImport): void {
  if (parsed.rejectedRows > 0) {
    const first = parsed.problems[0];
    const where = first === undefined ? '' : `，例如 工作表「${first.sheet}」第 ${first.row} 行「${first.column}」列：${first.reason}`;
    throw new KetuError('IMPORT_BAD_ROWS', `导入未执行：${parsed.file} 中有 ${parsed.rejectedRows} 行无法使用${where}。项目文件未改动。`, {
      file: parsed.file,
      problems: parsed.problems.slice(0, MAX_PROBLEMS),
    });
  }
  if (parsed.customers.length === 0) {
    throw new KetuError('IMPORT_BAD_ROWS', `导入未执行：${parsed.file} 的工作表「${parsed.sheet}」表头下没有数据行。`, { file: parsed.file, problems: [] });
  }
}

/** The handler table; every host (HTTP, Electron, CLI, tests) serves exactly this. */
export function createHandlers(engine: Engine, tasks: TaskRegistry): Handlers {
  return {
    'app.status': () => ({ version: appVersion, project: engine.status()?.info() ?? null }),
    'project.create': (p, ctx) => {
      const store = ProjectStore.create(resolve(p.path), p.site === undefined ? { name: p.name, overwrite: p.overwrite ?? false } : { name: p.name, site: p.site, overwrite: p.overwrite ?? false });
      engine.replace(store, ctx);
      return store.info();
    },
    'project.open': (p, ctx) => {
      const store = ProjectStore.open(resolve(p.path));
      engine.replace(store, ctx);
      return store.info();
    },
    'project.info': () => engine.current().info(),
    'project.close': (_p, ctx) => {
      const had = engine.status() !== null;
      engine.replace(null, ctx);
      return { closed: had };
    },
    'import.preview': async (p, ctx) => {
      const parsed = await parseXlsxImport({ file: resolve(p.file), crs: p.crs, sheet: p.sheet, signal: ctx.signal, onProgress: (n) => ctx.progress('read', n, 0) });
      return {
        file: parsed.file,
        sheet: parsed.sheet,
        sheets: parsed.sheets,
        headerRow: parsed.headerRow,
        columns: parsed.columns,
        rowsRead: parsed.rowsRead,
        usable: parsed.customers.length,
        rejected: parsed.rejectedRows,
        problems: parsed.problems.slice(0, MAX_PROBLEMS),
        sample: parsed.sample,
      };
    },
    'import.commit': async (p, ctx) => {
      const store = engine.current();
      const parsed = await parseXlsxImport({ file: resolve(p.file), crs: p.crs, sheet: p.sheet, signal: ctx.signal, onProgress: (n) => ctx.progress('read', n, 0) });
      rejectBadRows(parsed);
      if (ctx.signal.aborted) throw new KetuError('CANCELLED', '导入已取消，项目文件未改动');
      ctx.progress('write', 0, parsed.customers.length);
      const mapping: Record<string, string> = {};
      for (const c of parsed.columns) if (c.field !== null) mapping[c.header] = c.field;
      const result = store.insertBatch({
        sourceFile: parsed.file,
        sheet: parsed.sheet,
        stage: null,
        crs: p.crs,
        mapping,
        rowsRead: parsed.rowsRead,
        customers: parsed.customers,
      });
      ctx.progress('write', parsed.customers.length, parsed.customers.length);
      ctx.emit({ type: 'project.changed', path: store.path });
      return { batchId: result.batchId, file: parsed.file, rowsRead: parsed.rowsRead, customers: result.customers, places: result.places };
    },
    'places.columns': () => engine.current().placeColumns(),
    'export.png': (p) => {
      const path = resolve(p.path);
      const size = writePng(path, p.png, p.overwrite ?? true);
      return { path, bytes: p.png.byteLength, ...size };
    },
    'task.cancel': (p) => ({ cancelled: tasks.cancel(p.taskId) }),
  };
}
