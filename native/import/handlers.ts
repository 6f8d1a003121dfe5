import { resolve } from 'node:path';
import { KetuError } from '../contract/errors.js';
import type { CellProblem } from '../contract/errors.js';
import { checkOutputPath } from '../export/output-path.js';
import type { CallContext, Handlers } from '../contract/handler-types.js';
import type { ParsedParams } from '../contract/methods.js';
import type { ProjectSession } from '../store/project-session.js';
import type { DivisionLookup } from '../store/records.js';
import { inReportOrder, writeImportReport } from './import-report.js';
import { importIntoBatch, planImport } from './pipeline.js';
import type { ImportOptions } from './pipeline.js';
import { previewOf, rejectBadRows } from './preview.js';

type ImportMethods = 'import.preview' | 'import.commit' | 'imports.list' | 'imports.remove' | 'imports.report';

export interface ImportResources {
  resourcesDir: string;
  divisionOf: DivisionLookup;
}

function importOptions(p: ParsedParams<'import.commit'>, ctx: CallContext, resourcesDir: string): ImportOptions {
  return {
    file: resolve(p.file),
    crs: p.crs,
    sheet: p.sheet,
    encoding: p.encoding,
    stage: p.stage,
    mapping: p.mapping,
    signal: ctx.signal,
    onProgress: (phase, done, total) => ctx.progress(phase, done, total),
    resourcesDir,
  };
}

/** A refused import still writes its report (that is when the planner needs it); a failed report never hides the refusal. */
async function reportRefusal(out: string | undefined, file: string, err: unknown, problems: Iterable<readonly CellProblem[]> | undefined, when: 'preview' | 'refused'): Promise<never> {
  const details = err instanceof KetuError ? err.details?.problems : undefined;
  const found = problems ?? (details === undefined ? undefined : inReportOrder(details));
  if (out !== undefined && found !== undefined) {
    try {
      await writeImportReport(out, `导入报告（未导入）：${file}`, found, when);
    } catch {
      // The refusal is the answer the caller needs; the report is secondary.
    }
  }
  throw err;
}

/** Customer sheets into the project (all or nothing), the batches they became, and undoing one. */
export function createImportHandlers(session: ProjectSession, resources: ImportResources): Pick<Handlers, ImportMethods> {
  return {
    'import.preview': async (p, ctx) => {
      // Checked before any work: a report path that would replace the project is refused outright.
      const reportOut = p.reportOut === undefined ? undefined : checkOutputPath(p.reportOut);
      const opts = importOptions(p, ctx, resources.resourcesDir);
      const plan = await planImport(session.current(), opts).catch((err: unknown) => reportRefusal(reportOut, opts.file, err, undefined, 'preview'));
      if (reportOut !== undefined) await writeImportReport(reportOut, `导入预览报告：${plan.file}`, plan.problems.pages(), 'preview');
      return previewOf(plan);
    },
    'import.commit': async (p, ctx) => {
      const store = session.current();
      const reportOut = p.reportOut === undefined ? undefined : checkOutputPath(p.reportOut);
      const opts = importOptions(p, ctx, resources.resourcesDir);
      const { plan, writer } = await importIntoBatch(store, opts, (meta) => store.beginBatch(meta, resources.divisionOf)).catch((err: unknown) =>
        reportRefusal(reportOut, opts.file, err, undefined, 'refused'),
      );
      let result;
      try {
        rejectBadRows(plan, p.skipBadRows === true);
        if (ctx.signal.aborted) throw new KetuError('CANCELLED', '导入已取消，项目文件未改动');
        ctx.progress('write', 0, plan.usableRows);
        result = writer.finish({ rowsRead: plan.rowsRead });
      } catch (err) {
        // The report of a refusal is read from the batch's problem rows before they are rolled back (below).
        const write = writer.isOpen && !(err instanceof KetuError && err.code === 'CANCELLED') ? plan.problems.pages() : undefined;
        return await reportRefusal(reportOut, plan.file, err, write, 'refused');
      } finally {
        writer.abort();
      }
      // Names now seen with coordinates place later rows that have only a name.
      store.geocoding.learnFromPlaces();
      ctx.progress('write', plan.usableRows, plan.usableRows);
      ctx.emit({ type: 'project.changed', path: store.path });
      if (reportOut !== undefined) await writeImportReport(reportOut, `导入报告：${plan.file}（批次 ${result.batchId}）`, store.batchProblemPages(result.batchId), 'commit');
      return {
        batchId: result.batchId,
        file: plan.file,
        rowsRead: plan.rowsRead,
        customers: result.customers,
        newCustomers: result.newCustomers,
        flagged: plan.flaggedRows,
        places: result.places,
        skippedRows: plan.rejectedRows,
        placedByRole: plan.placedByRole,
      };
    },
    'imports.list': () => session.current().listBatches(),
    'imports.remove': (p, ctx) => {
      const store = session.current();
      const removed = store.removeBatch(p.batchId);
      ctx.emit({ type: 'project.changed', path: store.path });
      return removed;
    },
    'imports.report': async (p) => {
      const store = session.current();
      const batch = store.listBatches().find((b) => b.id === p.batchId);
      const out = checkOutputPath(p.out);
      const rows = await writeImportReport(out, `导入报告：${batch?.file ?? ''}（批次 ${p.batchId}）`, store.batchProblemPages(p.batchId), 'commit');
      return { path: out, rows };
    },
  };
}
