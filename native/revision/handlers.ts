import { resolve } from 'node:path';
import type { Handlers } from '../contract/handler-types.js';
import { writeRevisionReport } from '../export/revision-report.js';
import type { ProjectSession } from '../store/project-session.js';
import { compareRevision } from './compare.js';
import { salesProgress, setUnits } from './progress.js';
import { readSalesSheet } from './sales-sheet.js';
import { saveRevised } from './revise.js';
import { getVersion, listVersions, removeVersion, renameVersion, saveVersion } from './versions.js';

type RevisionMethods = 'units.set' | 'units.import' | 'progress.get' | 'versions.save' | 'versions.list' | 'versions.get' | 'versions.rename' | 'versions.remove' | 'revision.compare' | 'revision.saveRevised' | 'revision.prompt';

/** The one-third revision: inventory and sales progress, map versions, plan against actual. */
/** `resourcesDir`: the bundled boundaries that name the new-source cells (analysis/cell-names.ts) and outline its districts. */
export function createRevisionHandlers(session: ProjectSession, resourcesDir: string): Pick<Handlers, RevisionMethods> {
  return {
    'units.set': (p) => setUnits(session.current(), p.total, p.products),
    'units.import': async (p) => {
      const file = resolve(p.file);
      const rows = await readSalesSheet(file, p.sheet);
      const store = session.current();
      const totals = new Map<string, number>([['', rows.length]]);
      for (const r of rows) if (r.product !== null) totals.set(r.product, (totals.get(r.product) ?? 0) + 1);
      store.revision.setInventory(totals, rows, file);
      return { ...salesProgress(store), rows: rows.length };
    },
    'progress.get': () => salesProgress(session.current()),
    'versions.save': (p) => saveVersion(session.current(), p.name, p.view ?? null),
    'versions.list': () => listVersions(session.current()),
    'versions.get': (p) => getVersion(session.current(), p.version),
    'versions.rename': (p) => renameVersion(session.current(), p.version, p.name),
    'versions.remove': (p) => ({ removed: removeVersion(session.current(), p.version) }),
    'revision.compare': async (p) => {
      const result = compareRevision(session.current(), p, resourcesDir);
      if (p.out === undefined) return { ...result, report: null };
      const out = resolve(p.out);
      await writeRevisionReport(out, result);
      return { ...result, report: out };
    },
    'revision.saveRevised': (p) => saveRevised(session.current(), resourcesDir, p),
    'revision.prompt': (p) => {
      const store = session.current();
      if (p.dismiss === true) store.revision.dismissPrompt();
      return { dismissed: store.revision.promptDismissed() };
    },
  };
}
