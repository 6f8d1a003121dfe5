import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const folders = ['native', 'renderer', 'electron'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|cts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The file a relative specifier names: NodeNext writes '.js' for a '.ts' or '.tsx' source. */
function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(c?js|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.cts`, join(base, 'index.ts')];
  return candidates.find((c) => /\.(ts|tsx|cts)$/.test(c) && existsSync(c)) ?? null;
}

/** Every import, export-from and import() of a file, type-only ones included. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => resolveSpecifier(file, f.fileName)).filter((f): f is string => f !== null);
}

/** Each cycle once, as the files around it (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  const files = folders.flatMap((f) => sourceFiles(join(root, f)));
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  it('reads the imports of every source file', () => {
    // A guard against a parser that silently finds nothing: the host composes many modules.
    expect(graph.get(join(root, 'native/host/in-process.ts'))?.length).toBeGreaterThan(1);
    expect(files.length).toBeGreaterThan(100);
  });

  it('has no cycles between files, type-only imports included', () => {
    const named = cycles(graph).map((c) => c.map((f) => relative(root, f)).join(' ↔ '));
    expect(named).toEqual([]);
  });
});
