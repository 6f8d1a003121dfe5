import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import config from '../../build/eslint.config.mjs';

type FlatConfig = Linter.Config;

/** The repo's own layer rules (every entry that restricts imports), run on probe code without type info. */
const layerRules: FlatConfig[] = config
  .filter((c) => c.rules !== undefined && 'no-restricted-imports' in c.rules)
  .map((c) => ({ ...c, rules: { 'no-restricted-imports': c.rules?.['no-restricted-imports'] } }));

function problems(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const configs: FlatConfig[] = [{ files: ['**/*.ts', '**/*.tsx', '**/*.cts'], languageOptions: { parser: tseslint.parser } }, ...layerRules];
  return linter.verify(code, configs, { filename: file }).map((m) => m.message);
}

describe('layer rules', () => {
  it('keeps Node, Electron, SQLite and engine internals out of the renderer', () => {
    expect(problems('renderer/app/x.tsx', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(problems('renderer/app/x.tsx', "import { ipcRenderer } from 'electron';")).toHaveLength(1);
    expect(problems('renderer/app/x.tsx', "import Database from 'better-sqlite3';")).toHaveLength(1);
    expect(problems('renderer/app/x.tsx', "import { ProjectStore } from '../../native/store/project-store.js';")).toHaveLength(1);
    expect(problems('renderer/app/x.tsx', "import { methods } from '../../native/contract/index.js';")).toEqual([]);
  });

  it('keeps React and Electron out of the engine, and SQL in the store', () => {
    expect(problems('native/host/x.ts', "import { useState } from 'react';")).toHaveLength(1);
    expect(problems('native/host/x.ts', "import { app } from 'electron';")).toHaveLength(1);
    expect(problems('native/import/x.ts', "import Database from 'better-sqlite3';")).toHaveLength(1);
    expect(problems('native/store/x.ts', "import Database from 'better-sqlite3';")).toEqual([]);
    expect(problems('native/contract/x.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
  });

  it('keeps business logic out of the Electron shell', () => {
    expect(problems('electron/x.ts', "import Database from 'better-sqlite3';")).toHaveLength(1);
    expect(problems('electron/x.ts', "import { parseXlsxImport } from '../native/import/xlsx-import.js';")).toHaveLength(1);
    expect(problems('electron/x.ts', "import type { MethodName } from '../native/contract/index.js';")).toEqual([]);
  });
});
