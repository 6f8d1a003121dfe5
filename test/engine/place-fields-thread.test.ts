import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceFieldInfo } from '../../native/contract/layers.js';
import type * as InProcess from '../../native/host/in-process.js';
import { createEngineHost } from '../../native/host/in-process.js';
import { generateProject } from '../bench/first-frame.js';
import { engineCall } from '../support/engine-call.js';
import { tempDir } from '../support/files.js';

// The built engine computes places.fields and places.field on a worker thread (dist has field-worker.js);
// run from the TypeScript sources it computes them in-thread. Both must answer exactly the same.
const builtHost = fileURLToPath(new URL('../../dist/native/host/in-process.js', import.meta.url));

async function builtEngine(): Promise<ReturnType<typeof InProcess.createEngineHost>> {
  if (!existsSync(builtHost)) throw new Error('run `npm run build` first: this test uses the built engine');
  const mod = (await import(builtHost)) as typeof InProcess;
  return mod.createEngineHost();
}

describe('places.fields and places.field on a worker thread', () => {
  const dir = tempDir();
  const path = dir.file('big.ketu');

  beforeAll(() => {
    generateProject(path, 60_000, 20240601, { attributes: true });
  });
  afterAll(() => dir.remove());

  it('answers other calls while the fields and a column are computed, with what the in-thread computation gives', async () => {
    const built = await builtEngine();
    const call = engineCall(built.dispatcher);
    await call('project.open', { path });
    const answered: string[] = [];
    const note = <T>(name: string, p: Promise<T>): Promise<T> => p.then((v) => (answered.push(name), v));
    const fields = note('places.fields', call('places.fields', {}));
    // Asked after the summary started: on one thread they would wait for it.
    const status = note('app.status', call('app.status', {}));
    const columns = note('places.columns', call('places.columns', {}));
    const [onWorker, , cols] = await Promise.all([fields, status, columns]);
    expect(answered).toEqual(['app.status', 'places.columns', 'places.fields']);
    expect(cols.count).toBe(60_000);
    // A second ask of unchanged data is the kept list.
    expect(await call('places.fields', {})).toBe(onWorker);
    answered.length = 0;
    const product = note('places.field', call('places.field', { field: 'product' }));
    await note('app.status', call('app.status', {}));
    const productOnWorker = await product;
    expect(answered).toEqual(['app.status', 'places.field']);
    built.engine.close();

    const source = createEngineHost();
    await engineCall(source.dispatcher)('project.open', { path });
    const inThread: PlaceFieldInfo[] = await engineCall(source.dispatcher)('places.fields', {});
    const productInThread = await engineCall(source.dispatcher)('places.field', { field: 'product' });
    source.engine.close();
    expect(onWorker).toEqual(inThread);
    expect(productOnWorker).toEqual(productInThread);
    if (productOnWorker.kind !== 'category') throw new Error('product should be a category');
    expect(productOnWorker.codes).toHaveLength(60_000);
    expect(productOnWorker.labels.slice().sort()).toEqual(['公寓', '商铺', '洋房', '别墅'].sort());
    expect(onWorker.find((f) => f.field === 'role')).toEqual({ field: 'role', kind: 'category', present: 60_000, distinct: 3 });
    expect(onWorker.find((f) => f.field === 'area')?.kind).toBe('number');
  });
});
