import { z } from 'zod';
import { KetuError } from './errors.js';

/*
 * Print layouts (地图1, 地图2, 排名, 区域 pages): saved in the project as `{ "version": N, "layout": {...} }`
 * rows and loaded through chained pure migrations, as layers are (layer-migrations.ts). A layout written by
 * a newer KeTu is refused (LAYER_TOO_NEW), never dropped.
 */

export const PRINT_LAYOUT_VERSION = 3;

/**
 * The page templates the CLI and the export dialog name (`--template 地图1,地图2,排名`). 修订 stands for the
 * three pages of the 1/3 revision: the plan-vs-actual map, the comparison table and the 对不对/够不够/好不好 summary.
 */
export const printTemplates = ['地图1', '地图2', '排名', '区域', '修订'] as const;
export type PrintTemplate = (typeof printTemplates)[number];
export const printPapers = ['A4', 'A3', 'slide', 'custom'] as const;
export type PrintPaper = (typeof printPapers)[number];
export const printDpis = [150, 300, 600] as const;
export const printFormats = ['pdf', 'png', 'pptx'] as const;
export type PrintFormat = (typeof printFormats)[number];
export const legendPositions = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;

/** Every element a page may show; the print preview switches them on and off. */
export const printElementsSchema = z.object({
  title: z.boolean(),
  subtitle: z.boolean(),
  legend: z.boolean(),
  scaleBar: z.boolean(),
  northArrow: z.boolean(),
  siteMarker: z.boolean(),
  date: z.boolean(),
  sourceNote: z.boolean(),
  compiler: z.boolean(),
  pageNumber: z.boolean(),
  /** The rankings table beside the map (地图 pages only). */
  rankings: z.boolean(),
  /** A small locator map: the frame's extent within the city (地图 and 区域 pages; off by default). */
  overview: z.boolean(),
});
export type PrintElements = z.infer<typeof printElementsSchema>;

/** Texts the planner typed; an absent one is made from the project (name, filter, counts, date). */
export const printTextsSchema = z.object({
  title: z.string().max(200).optional(),
  subtitle: z.string().max(400).optional(),
  sourceNote: z.string().max(400).optional(),
  compiler: z.string().max(200).optional(),
});

const mm = z.number().min(50).max(2000);

/** Where a dragged element's top-left corner sits, as fractions of the map frame's width and height. */
export const printPlacementSchema = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) });
export type PrintPlacement = z.infer<typeof printPlacementSchema>;
/** The elements the preview can drag inside the map frame. */
export const placeableElements = ['legend', 'northArrow', 'scaleBar', 'overview'] as const;
export type PlaceableElement = (typeof placeableElements)[number];
/** Dragged positions; an element without one sits at its corner (the legend at `legendPosition`). */
export const printPlacementsSchema = z.object({ legend: printPlacementSchema.optional(), northArrow: printPlacementSchema.optional(), scaleBar: printPlacementSchema.optional(), overview: printPlacementSchema.optional() });
export type PrintPlacements = z.infer<typeof printPlacementsSchema>;

export const printLayoutSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  template: z.enum(printTemplates),
  paper: z.enum(printPapers),
  landscape: z.boolean(),
  /** Page size for paper 'custom'. */
  customMm: z.object({ width: mm, height: mm }).optional(),
  dpi: z.union([z.literal(150), z.literal(300), z.literal(600)]),
  elements: printElementsSchema,
  texts: printTextsSchema,
  legendPosition: z.enum(legendPositions),
  placements: printPlacementsSchema,
});
export type PrintLayout = z.infer<typeof printLayoutSchema>;

/** Version 2: corner presets only (no dragged placements), no overview inset, and no 修订 template (an older KeTu cannot read one). */
export const printLayoutV2Schema = printLayoutSchema
  .omit({ elements: true, placements: true, template: true })
  .extend({ template: z.enum(['地图1', '地图2', '排名', '区域']), elements: printElementsSchema.omit({ overview: true }) });
export type PrintLayoutV2 = z.infer<typeof printLayoutV2Schema>;

/** Version 1 (first format): no site marker, no rankings switch, and the legend always on the right. */
export const printLayoutV1Schema = printLayoutV2Schema.omit({ elements: true, legendPosition: true }).extend({
  elements: printElementsSchema.omit({ siteMarker: true, rankings: true, overview: true }),
  legendRight: z.boolean(),
});
export type PrintLayoutV1 = z.infer<typeof printLayoutV1Schema>;

export function migratePrintLayoutV1toV2(v1: PrintLayoutV1): PrintLayoutV2 {
  const { legendRight, elements, ...rest } = v1;
  return { ...rest, elements: { ...elements, siteMarker: true, rankings: false }, legendPosition: legendRight ? 'top-right' : 'top-left' };
}

/** Version 2 → 3: every element stays at its corner; the overview inset starts off. */
export function migratePrintLayoutV2toV3(v2: PrintLayoutV2): PrintLayout {
  return { ...v2, elements: { ...v2.elements, overview: false }, placements: {} };
}

const steps: ReadonlyArray<{ from: number; schema: z.ZodType; up(layout: never): unknown }> = [
  { from: 1, schema: printLayoutV1Schema, up: migratePrintLayoutV1toV2 },
  { from: 2, schema: printLayoutV2Schema, up: migratePrintLayoutV2toV3 },
];

export const savedPrintLayoutSchema = z.object({ version: z.number().int().min(1), layout: z.unknown() });

/** One saved layout brought to PRINT_LAYOUT_VERSION; LAYER_TOO_NEW for a newer one, PROJECT_CORRUPT for one that does not parse. */
export function migratePrintLayout(saved: unknown): PrintLayout {
  const row = savedPrintLayoutSchema.safeParse(saved);
  if (!row.success) throw new KetuError('PROJECT_CORRUPT', '项目文件中的打印版式缺少版本号');
  let { version } = row.data;
  let layout = row.data.layout;
  if (version > PRINT_LAYOUT_VERSION) throw new KetuError('LAYER_TOO_NEW', `打印版式由更新版本的客图保存（格式 ${version}），请升级客图后再打开`, { version });
  for (const step of steps) {
    if (step.from !== version) continue;
    const parsed = step.schema.safeParse(layout);
    if (!parsed.success) throw new KetuError('PROJECT_CORRUPT', `项目文件中的打印版式（格式 ${version}）无法读取`);
    layout = step.up(parsed.data as never);
    version++;
  }
  const parsed = printLayoutSchema.safeParse(layout);
  if (!parsed.success) throw new KetuError('PROJECT_CORRUPT', '项目文件中的打印版式无法读取');
  return parsed.data;
}

const allOn: PrintElements = { title: true, subtitle: true, legend: true, scaleBar: true, northArrow: true, siteMarker: true, date: true, sourceNote: true, compiler: true, pageNumber: true, rankings: false, overview: false };

/** The built-in layout of a template: A3 landscape at 300 dpi for maps, A4 for the rankings and atlas pages. */
export function defaultPrintLayout(template: PrintTemplate): PrintLayout {
  const names: Record<PrintTemplate, string> = { 地图1: '地图1 生活工作分布图', 地图2: '地图2 行业工作分布图', 排名: '排名', 区域: '区域图册', 修订: '1/3 修订' };
  const map = template === '地图1' || template === '地图2' || template === '修订';
  return { id: template, name: names[template], template, paper: map ? 'A3' : 'A4', landscape: true, dpi: 300, elements: { ...allOn }, texts: {}, legendPosition: 'top-right', placements: {} };
}

/** Paper size in millimetres, landscape applied (the 16:9 slide is always wide: 338.7 × 190.5 mm = 13.333 × 7.5 in). */
export function paperMm(layout: Pick<PrintLayout, 'paper' | 'landscape' | 'customMm'>): { width: number; height: number } {
  if (layout.paper === 'slide') return { width: 338.67, height: 190.5 };
  if (layout.paper === 'custom') return layout.customMm ?? { width: 210, height: 297 };
  const base = layout.paper === 'A4' ? { width: 210, height: 297 } : { width: 297, height: 420 };
  return layout.landscape ? { width: base.height, height: base.width } : base;
}

/** Overrides of a layout for one export (CLI options, the export dialog). */
export const printOverridesSchema = z.object({
  paper: z.enum(printPapers).optional(),
  landscape: z.boolean().optional(),
  customMm: z.object({ width: mm, height: mm }).optional(),
  dpi: z.union([z.literal(150), z.literal(300), z.literal(600)]).optional(),
});

const hexColor = z.string().regex(/^#[0-9a-f]{6}$/i);

/** One legend row as printed: what the map frame shows, counted inside the frame. */
export const printLegendEntrySchema = z.object({ label: z.string(), color: hexColor, count: z.number().int().nullable(), shape: z.enum(['dot', 'square', 'line', 'ring', 'text']) });
export const printLegendSchema = z.object({ title: z.string(), entries: z.array(printLegendEntrySchema) });
export type PrintLegend = z.infer<typeof printLegendSchema>;

/** A bar chart or table of a rankings page (also the PPTX's native chart). */
export const printChartSchema = z.object({ title: z.string(), unit: z.string(), rows: z.array(z.object({ label: z.string(), count: z.number().int(), share: z.number() })) });
export type PrintChart = z.infer<typeof printChartSchema>;

/** A table of a page: an atlas page's first list rows, the revision's comparison tables. */
export const printTableSchema = z.object({ title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.string())) });
export type PrintTable = z.infer<typeof printTableSchema>;

/** The parts of the 修订 template, one page each. */
export const revisionPageParts = ['map', 'table', 'summary'] as const;
export type RevisionPagePart = (typeof revisionPageParts)[number];

/**
 * One page as the print view (`?view=print`) lays it out: everything is worked out by the engine except the
 * map picture, which the workbench map renders at the page's true device pixels. Field names are read by
 * tests and the PPTX writer.
 */
export const printPageSchema = z.object({
  template: z.enum(printTemplates),
  /** Which page of the 修订 template this is (null on the other templates). */
  part: z.enum(revisionPageParts).nullable(),
  widthMm: z.number(),
  heightMm: z.number(),
  dpi: z.number(),
  elements: printElementsSchema,
  legendPosition: z.enum(legendPositions),
  placements: printPlacementsSchema,
  title: z.string(),
  subtitle: z.string(),
  date: z.string(),
  sourceNote: z.string(),
  compiler: z.string(),
  pageNumber: z.number().int(),
  pageCount: z.number().int(),
  /** The map frame, or null on a page without one (排名). */
  map: z
    .object({
      /** data: URL of the PNG captured at the page's dpi. */
      image: z.string(),
      widthPx: z.number().int(),
      heightPx: z.number().int(),
      legends: z.array(printLegendSchema),
      /** Scale bar: a round length and its width on paper. */
      scale: z.object({ metres: z.number(), widthMm: z.number(), label: z.string() }),
      /** The overview inset (when switched on): its picture, what it shows, and the frame's extent [w, s, e, n] on it. */
      overview: z
        .object({ image: z.string(), widthPx: z.number().int(), heightPx: z.number().int(), bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]), frame: z.tuple([z.number(), z.number(), z.number(), z.number()]) })
        .optional(),
    })
    .nullable(),
  charts: z.array(printChartSchema),
  /** An atlas page's first rows of its list; the revision's comparison tables. */
  tables: z.array(printTableSchema),
  /** Headed paragraphs: the revision summary (对不对 / 够不够 / 好不好). */
  sections: z.array(z.object({ heading: z.string(), lines: z.array(z.string()) })),
});
export type PrintPage = z.infer<typeof printPageSchema>;

const filePath = z.string().min(1);

/** What each map frame printed shows, for scripts and checks: where it is, its scale and its legend. */
export const printFrameFactsSchema = z.object({
  pageNumber: z.number().int(),
  /** [w, s, e, n] WGS-84. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  centerLat: z.number(),
  zoom: z.number(),
  metresPerPixel: z.number(),
  frameMm: z.object({ w: z.number(), h: z.number() }),
  image: z.object({ widthPx: z.number().int(), heightPx: z.number().int() }),
  scale: z.object({ metres: z.number(), widthMm: z.number(), label: z.string() }),
  legends: z.array(printLegendSchema),
  /** The basemap's own names drawn in the frame (MapLibre's placed labels), once per label drawn. */
  basemapLabels: z.array(z.string()),
  /** KeTu's own names drawn in the frame (sites, rings, areas, communities, counts), each with its box in CSS px of the frame. */
  mapLabels: z.array(z.object({ text: z.string(), box: z.tuple([z.number(), z.number(), z.number(), z.number()]) })),
});
export type PrintFrameFacts = z.infer<typeof printFrameFactsSchema>;

export const printMethods = {
  /** The project's print layouts: each template's saved layout, or its built-in one. */
  'print.layouts.list': { params: z.object({}), result: z.array(printLayoutSchema) },
  /** Saves a layout (by id, replacing an older one of that id). */
  'print.layouts.save': { params: z.object({ layout: printLayoutSchema }), result: printLayoutSchema },
  /**
   * Pages of the given templates (区域: one page per visible area) as one PDF, PNG (first page only; the dpi
   * written in pHYs) or PPTX. With a taskId, progress events ('page', done, total) and task.cancel.
   */
  'print.export': {
    params: z.object({
      format: z.enum(printFormats),
      templates: z.array(z.enum(printTemplates)).min(1),
      /** 区域 pages for these areas only (names or ids); every visible area when absent. */
      areas: z.array(z.union([z.number().int(), z.string().min(1)])).optional(),
      out: filePath,
      overrides: printOverridesSchema.optional(),
      /** An unsaved layout (the dialog's draft), used instead of the saved one of its id. */
      layout: printLayoutSchema.optional(),
      overwrite: z.boolean().optional(),
      taskId: z.string().optional(),
    }),
    result: z.object({ path: z.string(), pages: z.number().int(), bytes: z.number().int(), widthPx: z.number().int().optional(), heightPx: z.number().int().optional(), frames: z.array(printFrameFactsSchema) }),
  },
  /**
   * Pages laid out as the export lays them out, returned instead of written: the dialog's live preview (one
   * page at a low dpi, with the planner's unsaved `layout`) and Electron's printToPDF / system print dialog.
   */
  'print.preview': {
    params: z.object({
      templates: z.array(z.enum(printTemplates)).min(1),
      /** An unsaved layout, used instead of the saved one of its id. */
      layout: printLayoutSchema.optional(),
      overrides: printOverridesSchema.optional(),
      /** The map picture's dpi; the layout's when absent (a preview asks for about 96: the same picture, fewer pixels). */
      dpi: z.number().int().min(24).max(600).optional(),
      /** At most this many pages (the atlas has one per area). */
      maxPages: z.number().int().min(1).optional(),
      /** Progress 'page' by page and task.cancel under this id (Electron's 导出 PDF lays its pages out here). */
      taskId: z.string().optional(),
    }),
    result: z.object({ pages: z.array(printPageSchema) }),
  },
  /** 一键出图: 地图1, 地图2, optional product / 面积段 maps, 排名, the atlas, the 修订 pages, as one PDF and one PPTX, plus the lists (.xlsx). */
  'print.pack': {
    params: z.object({
      out: filePath,
      products: z.boolean().optional(),
      bands: z.boolean().optional(),
      areas: z.boolean().optional(),
      /** The 修订 template's three pages (plan-vs-actual map, comparison table, summary). */
      revision: z.boolean().optional(),
      unmasked: z.boolean().optional(),
      overrides: printOverridesSchema.optional(),
      /** An unsaved layout (the dialog's draft), used instead of the saved one of its id. */
      layout: printLayoutSchema.optional(),
      taskId: z.string().optional(),
    }),
    result: z.object({ dir: z.string(), pages: z.number().int(), files: z.array(z.string()), frames: z.array(printFrameFactsSchema) }),
  },
} as const;

export interface MmRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a page's parts sit, in mm from the top left: one computation for the print view, the map capture and the PPTX. */
export interface PageGeometry {
  /** Type scale: 1 on A3 landscape, smaller on smaller paper. */
  scale: number;
  header: MmRect;
  /** The map frame (null on a page without one: pageHasFrame). */
  frame: MmRect | null;
  /** Charts or the atlas table beside the map, or the whole body of the rankings page. */
  side: MmRect | null;
  footer: MmRect;
  titleMm: number;
  textMm: number;
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

/** A page without a map frame: the rankings, and the revision's table and summary pages. */
export function pageHasFrame(page: { template: PrintTemplate; part?: RevisionPagePart | null | undefined }): boolean {
  return page.template !== '排名' && (page.template !== '修订' || page.part === 'map');
}

export function pageGeometry(page: { widthMm: number; heightMm: number; template: PrintTemplate; part?: RevisionPagePart | null | undefined; elements: PrintElements }): PageGeometry {
  const { widthMm: W, heightMm: H, elements: el } = page;
  const scale = Math.max(0.5, Math.min(1.4, Math.sqrt((W * H) / (420 * 297))));
  const margin = 10 * scale;
  const titleMm = 8 * scale;
  const textMm = 3.6 * scale;
  const headerH = (el.title ? titleMm * 1.5 : 0) + (el.subtitle ? textMm * 1.7 : 0) + (el.title || el.subtitle ? 2 * scale : 0);
  const footerH = 7 * scale;
  const header = { x: r1(margin), y: r1(margin), w: r1(W - 2 * margin), h: r1(headerH) };
  const footer = { x: r1(margin), y: r1(H - margin - footerH), w: r1(W - 2 * margin), h: r1(footerH) };
  const body = { x: margin, y: margin + headerH, w: W - 2 * margin, h: H - 2 * margin - headerH - footerH - 2 * scale };
  if (!pageHasFrame(page)) return { scale, header, frame: null, side: { x: r1(body.x), y: r1(body.y), w: r1(body.w), h: r1(body.h) }, footer, titleMm, textMm };
  // The rankings beside the map belong to 地图1 and 地图2; the 修订 map gives its whole body to the frame.
  const sideShare = page.template === '区域' ? 0.34 : el.rankings && page.template !== '修订' ? 0.28 : 0;
  const gap = sideShare > 0 ? 5 * scale : 0;
  const sideW = body.w * sideShare;
  const frame = { x: r1(body.x), y: r1(body.y), w: r1(body.w - sideW - gap), h: r1(body.h) };
  const side = sideShare > 0 ? { x: r1(body.x + body.w - sideW), y: r1(body.y), w: r1(sideW), h: r1(body.h) } : null;
  return { scale, header, frame, side, footer, titleMm, textMm };
}

/** The overview inset's size in mm: a fifth of the frame's width, 4:3. */
export function overviewMm(frame: MmRect): { w: number; h: number } {
  const w = r1(Math.min(frame.w * 0.22, frame.h * 0.4 * (4 / 3)));
  return { w, h: r1(w * 0.75) };
}

/** Which corner of the frame each corner-placed element takes: the legend its preset, the others what it leaves. */
export function frameCorners(legend: (typeof legendPositions)[number]): { legend: string; northArrow: string; scaleBar: string; overview: string } {
  const northArrow = legend === 'top-right' ? 'top-left' : 'top-right';
  const scaleBar = legend === 'bottom-left' ? 'bottom-right' : 'bottom-left';
  const used = [legend, northArrow, scaleBar];
  const overview = (['bottom-right', 'top-right', 'bottom-left', 'top-left'] as const).find((c) => !used.includes(c)) ?? 'bottom-right';
  return { legend, northArrow, scaleBar, overview };
}

/** Web Mercator y of a latitude (unitless): where the overview inset draws the frame's box. */
export function mercatorY(lat: number): number {
  const r = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
  return Math.log(Math.tan(Math.PI / 4 + r / 2));
}

/** CSS px (96 per inch) of a length in mm. */
export function mmToCssPx(mm: number): number {
  return (mm * 96) / 25.4;
}
