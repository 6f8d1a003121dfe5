import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../contract/methods.js';

/** How many projects the start screen lists. */
const MAX_RECENTS = 12;

const fileSchema = z.object({
  version: z.literal(1),
  projects: z.array(z.object({ path: z.string().min(1), name: z.string(), openedAt: z.string() })),
});
type Entry = z.infer<typeof fileSchema>['projects'][number];

/** Where the host keeps its recent projects, and the folder new projects go to by default. */
export interface RecentsOptions {
  /** The JSON file (recent-projects.json in the user's config folder). */
  file: string;
  projectsDir: string | null;
}

/**
 * The recent-projects list: a small JSON file in the user's config folder (not in any project), written
 * whole to a temp file and renamed, so two windows at worst lose one entry, never the file. A file that
 * does not parse is read as an empty list and replaced on the next open.
 */
export class RecentProjects {
  constructor(private readonly opts: RecentsOptions) {}

  get projectsDir(): string | null {
    return this.opts.projectsDir;
  }

  private read(): Entry[] {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.opts.file, 'utf8')));
      return parsed.success ? parsed.data.projects : [];
    } catch {
      return [];
    }
  }

  private write(projects: Entry[]): void {
    mkdirSync(dirname(this.opts.file), { recursive: true });
    const tmp = `${this.opts.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, projects }, null, 2)}\n`);
    renameSync(tmp, this.opts.file);
  }

  list(): RecentProject[] {
    return this.read().map((e) => ({ ...e, missing: !existsSync(e.path) }));
  }

  /** Puts a project first (opened or created just now). */
  record(path: string, name: string, now = new Date().toISOString()): void {
    this.write([{ path, name, openedAt: now }, ...this.read().filter((e) => e.path !== path)].slice(0, MAX_RECENTS));
  }

  remove(path: string): boolean {
    const before = this.read();
    const after = before.filter((e) => e.path !== path);
    if (after.length === before.length) return false;
    this.write(after);
    return true;
  }
}
