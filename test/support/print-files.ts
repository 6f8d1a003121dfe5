import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from '../../native/host/cli.js';

/*
 * Printed files read back as a planner's tools read them (poppler, unzip), and the `ketu` CLI that writes them,
 * for the print tests.
 */

/** A command's standard output (pdfinfo, pdftotext, pdfimages, unzip …); throws when it fails. */
export function tool(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** `ketu <args> --json` run in this process: its JSON answer; throws with what it printed when it fails. */
export async function ketuJson(args: string[]): Promise<unknown> {
  const lines: string[] = [];
  const code = await runCli([...args, '--json'], (l) => lines.push(l));
  if (code !== 0) throw new Error(`ketu ${args.join(' ')} failed: ${lines.join('\n')}`);
  return JSON.parse(lines.at(-1) ?? '{}') as unknown;
}

/** Each page of the PDF as a PNG at `dpi` (pdftoppm), copied to `shots` as `<name>-<page>.png` to look at. */
export function pdfPagesAsPng(pdf: string, dpi: number, shots: string, name: string): PNG[] {
  const prefix = pdf.replace(/\.pdf$/, '');
  tool('pdftoppm', '-png', '-r', String(dpi), pdf, prefix);
  const dir = dirname(prefix);
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(`${basename(prefix)}-`) && f.endsWith('.png'))
    .sort();
  mkdirSync(shots, { recursive: true });
  return files.map((f, i) => {
    copyFileSync(join(dir, f), join(shots, `${name}-${i + 1}.png`));
    return PNG.sync.read(readFileSync(join(dir, f)));
  });
}
