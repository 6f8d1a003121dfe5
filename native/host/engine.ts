import { resolve } from 'node:path';
import { KetuError } from '../contract/errors.js';
import { defaultLayers, migrateLayer, saveLayer } from '../contract/layer-migrations.js';
import { writePng } from '../export/png-file.js';
import { writeXlsxTable } from '../export/xlsx-table.js';
import { parseAddress } from '../geocode/address-parse.js';
import { createGeocoder, isHit } from '../geocode/geocoder.js';
import { createProvider, providerLabels } from '../geocode/providers/index.js';
import { locateInRounds } from '../geocode/rounds.js';
import { writeImportReport } from '../import/import-report.js';
import { importIntoBatch, planImport } from '../import/pipeline.js';
import type { ImportOptions, ImportPlan } from '../import/pipeline.js';
import type { ParsedParams } from '../contract/methods.js';
import { ProjectStore } from '../store/project-store.js';
import type { PlacePrecision } from '../store/project-store.js';
import { appVersion } from './app-paths.js';
import { createAreaHandlers } from './area-handlers.js';
import { createBasemapHandlers } from './basemap-handlers.js';
import type { CallContext, Handlers, TaskRegistry } from './dispatch.js';

const MAX_PROBLEMS = 200;

/** Chinese names of the ranking dimensions, for titles in the CLI and in exported sheets. */
export const rankingTitles = { community: '居住小区', employer: '工作单位', industry: '行业', district: '区县', city: '城市', building: '写字楼' } as const;

/** Lower is better: a geocoding pass only ever replaces a position with a more precise one. */
const precisionRank: Record<PlacePrecision, number> = { coordinate: 0, address: 1, community: 2, road: 3, district: 4, city: 5 };

/** The engine's state: at most one open project, whose store is the only writer of its file. */
export class Engine {
  private store: ProjectStore | null = null;
  private readonly releasers: Array<() => void> = [];

  /** Releases what is held for the open project (open tile archives …) whenever it closes or changes. */
  onRelease(release: () => void): void {
    this.releasers.push(release);
  }

  current(): ProjectStore {
    if (this.store === null) throw new KetuError('NO_PROJECT_OPEN', '尚未打开项目文件');
    return this.store;
  }

  replace(next: ProjectStore | null, ctx?: CallContext): void {
    for (const release of this.releasers) release();
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

function rejectBadRows(plan: ImportPlan): void {
  if (plan.rejectedRows > 0) {
    const first = plan.problems.find((p) => p.severity === 'error');
    const where = first === undefined ? '' : `，例如 工作表「${first.sheet}」第 ${first.row} 行「${first.column}」列：${first.reason}`;
    throw new KetuError('IMPORT_BAD_ROWS', `导入未执行：${plan.file} 中有 ${plan.rejectedRows} 行无法使用${where}。项目文件未改动。`, {
      file: plan.file,
      problems: plan.problems.filter((p) => p.severity === 'error').slice(0, MAX_PROBLEMS),
    });
  }
  if (plan.usableRows === 0) {
    throw new KetuError('IMPORT_BAD_ROWS', `导入未执行：${plan.file} 的工作表「${plan.sheet}」表头下没有数据行。`, { file: plan.file, problems: [] });
  }
}

function importOptions(p: ParsedParams<'import.commit'>, ctx: CallContext): ImportOptions {
  return {
    file: resolve(p.file),
    crs: p.crs,
    sheet: p.sheet,
    encoding: p.encoding,
    stage: p.stage,
    mapping: p.mapping,
    signal: ctx.signal,
    onProgress: (phase, done, total) => ctx.progress(phase, done, total),
  };
}

/** The handler table; every host (HTTP, Electron, CLI, tests) serves exactly this. */
export function createHandlers(engine: Engine, tasks: TaskRegistry): Handlers {
  return {
    'app.status': () => ({ version: appVersion, project: engine.status()?.info() ?? null }),
    'project.create': (p, ctx) => {
      const store = ProjectStore.create(resolve(p.path), {
        name: p.name,
        overwrite: p.overwrite ?? false,
        ...(p.site === undefined ? {} : { site: p.site }),
        ...(p.city === undefined ? {} : { city: p.city }),
      });
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
      const plan = await planImport(engine.current(), importOptions(p, ctx));
      if (p.reportOut !== undefined) await writeImportReport(resolve(p.reportOut), `导入预览报告：${plan.file}`, plan.problems);
      return {
        file: plan.file,
        sheet: plan.sheet,
        sheets: plan.sheets,
        headerRow: plan.headerRow,
        columns: plan.columns,
        rowsRead: plan.rowsRead,
        usable: plan.usableRows,
        flagged: plan.flaggedRows,
        rejected: plan.rejectedRows,
        // Errors first: they are what stops the import.
        problems: [...plan.problems.filter((x) => x.severity === 'error'), ...plan.problems.filter((x) => x.severity !== 'error')].slice(0, MAX_PROBLEMS),
        sample: plan.sample,
        kind: plan.kind,
        encoding: plan.encoding,
        crsUsed: plan.crsUsed,
        mappingRemembered: plan.mappingRemembered,
        skipped: plan.skipped,
        geocoded: plan.geocoded,
      };
    },
    'import.commit': async (p, ctx) => {
      const store = engine.current();
      const { plan, writer } = await importIntoBatch(store, importOptions(p, ctx), (meta) => store.beginBatch(meta));
      let result;
      try {
        rejectBadRows(plan);
        if (ctx.signal.aborted) throw new KetuError('CANCELLED', '导入已取消，项目文件未改动');
        ctx.progress('write', 0, plan.usableRows);
        result = writer.finish({ rowsRead: plan.rowsRead, report: plan.problems });
      } finally {
        writer.abort();
      }
      // Names now seen with coordinates place later rows that have only a name.
      store.geocoding.learnFromPlaces();
      ctx.progress('write', plan.usableRows, plan.usableRows);
      ctx.emit({ type: 'project.changed', path: store.path });
      if (p.reportOut !== undefined) await writeImportReport(resolve(p.reportOut), `导入报告：${plan.file}（批次 ${result.batchId}）`, plan.problems);
      return {
        batchId: result.batchId,
        file: plan.file,
        rowsRead: plan.rowsRead,
        customers: result.customers,
        newCustomers: result.newCustomers,
        flagged: plan.flaggedRows,
        places: result.places,
      };
    },
    'imports.list': () => engine.current().listBatches(),
    'imports.remove': (p, ctx) => {
      const store = engine.current();
      const removed = store.removeBatch(p.batchId);
      ctx.emit({ type: 'project.changed', path: store.path });
      return removed;
    },
    'imports.report': async (p) => {
      const store = engine.current();
      const batch = store.listBatches().find((b) => b.id === p.batchId);
      const problems = store.batchReport(p.batchId);
      const out = resolve(p.out);
      const rows = await writeImportReport(out, `导入报告：${batch?.file ?? ''}（批次 ${p.batchId}）`, problems);
      return { path: out, rows };
    },
    'places.columns': () => engine.current().placeColumns(),
    'places.fields': () => engine.current().fields.list(),
    'places.field': (p) => engine.current().fields.column(p.field),
    'places.pairs': (p) => engine.current().fields.pairs(p.from, p.to),
    'map.get': () => engine.current().mapSettings.read(),
    'map.save': (p) => engine.current().mapSettings.write(p),
    'layers.get': () => {
      const store = engine.current();
      const saved = store.layers.read();
      return saved === null ? defaultLayers(store.sites()) : saved.map((row, i) => migrateLayer(row, i));
    },
    'layers.save': (p) => {
      const ids = new Set(p.layers.map((l) => l.id));
      if (ids.size !== p.layers.length) throw new KetuError('INVALID_PARAMS', '图层编号重复，未保存');
      engine.current().layers.write(p.layers.map(saveLayer));
      return { saved: p.layers.length };
    },
    'stats.ranking': (p) => engine.current().ranking(p.by, p.top ?? 15, p.filter ?? {}),
    'stats.members': (p) => ({ ids: engine.current().rankingMembers(p.by, p.key, p.filter ?? {}) }),
    'stats.export': async (p) => {
      const ranking = engine.current().ranking(p.by, p.top ?? 15, p.filter ?? {});
      const out = resolve(p.out);
      await writeXlsxTable(out, '排名', {
        sheet: rankingTitles[p.by],
        title: `${rankingTitles[p.by]}排名（共 ${ranking.total} 位客户）`,
        header: ['名次', rankingTitles[p.by], '客户数', '占比'],
        widths: [6, 28, 10, 10],
        rows: ranking.rows.map((r, i) => [i + 1, r.key, r.count, `${(r.share * 100).toFixed(1)}%`]),
      });
      return { path: out, rows: ranking.rows.length };
    },
    'geocode.run': async (p, ctx) => {
      const store = engine.current();
      const key = p.key ?? process.env.KETU_GEOCODE_KEY;
      const provider = p.provider === undefined ? null : createProvider(p.provider, key === undefined ? null : { key, ...(p.endpoint === undefined ? {} : { baseUrl: p.endpoint }) });
      if (p.provider !== undefined && provider === null) {
        throw new KetuError('INVALID_PARAMS', `使用${providerLabels[p.provider]}在线定位需要 Key（--key 或环境变量 KETU_GEOCODE_KEY）`);
      }
      const unsure = store.placesForReview(1_000_000).filter((pl) => pl.precision === 'district' || pl.precision === 'city');
      const geocoder = createGeocoder({ store: store.geocoding, provider, defaultCity: store.city() ?? undefined });
      const items = unsure.map((pl) => ({
        queries: [
          ...(pl.name === null ? [] : [{ text: pl.name, kind: pl.role === 'work' ? ('employer' as const) : ('community' as const) }]),
          ...(pl.address === null || pl.address === pl.name ? [] : [{ text: pl.address, kind: 'address' as const }]),
        ],
      }));
      const outcome = await locateInRounds(geocoder, items, { signal: ctx.signal, onProgress: (done, total) => ctx.progress('geocode', done, total) });
      const moves = unsure.flatMap((pl, i) => {
        const r = outcome.results[i];
        return r !== undefined && isHit(r) && precisionRank[r.precision] < precisionRank[pl.precision] ? [{ id: pl.id, lng: r.lng, lat: r.lat, source: r.source, precision: r.precision }] : [];
      });
      const improved = moves.length === 0 ? 0 : store.movePlaces(moves);
      if (improved > 0) ctx.emit({ type: 'project.changed', path: store.path });
      return { asked: unsure.length, improved, unchanged: unsure.length - improved, providerCalls: outcome.providerCalls, stoppedReason: outcome.stoppedReason };
    },
    'geocode.review': (p) => engine.current().placesForReview(p.limit ?? 1000),
    'geocode.candidates': async (p) => {
      const store = engine.current();
      const place = store.place(p.placeId);
      const texts = [place.name, place.address].filter((t): t is string => t !== null && t !== '');
      const out: Array<{ label: string; detail: string; lng: number; lat: number; source: string; precision: PlacePrecision }> = [];
      for (const e of texts.flatMap((t) => store.geocoding.search(t))) {
        out.push({ label: e.name, detail: e.confirmed ? '已确认' : '', lng: e.lng, lat: e.lat, source: 'gazetteer', precision: e.precision });
      }
      const key = p.key ?? process.env.KETU_GEOCODE_KEY;
      const provider = p.provider === undefined || key === undefined ? null : createProvider(p.provider, { key, ...(p.endpoint === undefined ? {} : { baseUrl: p.endpoint }) });
      if (provider !== null) {
        const city = store.city();
        try {
          const hits = await provider.geocode(texts.map((text) => (city === null ? { text } : { text, city })));
          hits.forEach((h) => {
            if (h !== null) out.push({ label: h.formatted, detail: h.level, lng: h.lng, lat: h.lat, source: provider.id, precision: h.precision });
          });
        } catch {
          // Offline answers are still worth offering when the provider fails (network, quota, key).
        }
      }
      for (const t of texts) {
        const c = parseAddress(t, store.city() ?? undefined);
        if (c !== null) out.push({ label: c.matched, detail: c.precision === 'district' ? '区县中心' : '城市中心', lng: c.lng, lat: c.lat, source: 'centroid', precision: c.precision });
      }
      // The same position reached two ways is offered once (within about 10 m).
      const seen = new Set<string>();
      return out.filter((c) => {
        const k = `${c.lng.toFixed(4)},${c.lat.toFixed(4)}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    },
    'geocode.confirm': (p, ctx) => {
      const store = engine.current();
      const moved = store.confirmPlace(p.placeId, p.lng, p.lat);
      ctx.emit({ type: 'project.changed', path: store.path });
      return { moved };
    },
    'export.png': (p) => {
      const path = resolve(p.path);
      const size = writePng(path, p.png, p.overwrite ?? true);
      return { path, bytes: p.png.byteLength, ...size };
    },
    ...createAreaHandlers(engine),
    ...createBasemapHandlers(engine),
    'task.cancel': (p) => ({ cancelled: tasks.cancel(p.taskId) }),
  };
}
