import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../native/demo/generate-demo.js';
import { ProjectStore } from '../../native/store/project-store.js';
import { scopedTempDir } from '../support/files.js';
import { resourcesDir } from '../support/resources.js';
import { sqlRows } from '../support/sql-oracle.js';


function dump(path: string): unknown {
  return {
    customers: sqlRows(path, 'SELECT id, name, phone, attributes, first_import_id FROM customers ORDER BY id'),
    places: sqlRows(path, 'SELECT fid, customer_id, role, name, lng, lat FROM places ORDER BY fid'),
    sites: sqlRows(path, 'SELECT fid, name, kind, hex(geom) FROM sites ORDER BY fid'),
    imports: sqlRows(path, 'SELECT id, source_file, stage, rows_read, customers, places, created_at FROM imports ORDER BY id'),
  };
}

describe('demo project', () => {
  it('is a Hangzhou project with 本案, two 竞品 and thousands of home/work/leisure places, the same on every run', () => {
    const d = scopedTempDir();
    const a = generateDemo(d.file('a.ketu'), resourcesDir);
    const b = generateDemo(d.file('b.ketu'), resourcesDir);
    expect(dump(d.file('a.ketu'))).toEqual(dump(d.file('b.ketu')));
    expect(a.counts).toEqual(b.counts);
    expect(a.counts.customers).toBeGreaterThanOrEqual(3000);
    expect(a.sites.filter((s) => s.kind === 'project')).toHaveLength(1);
    expect(a.sites.filter((s) => s.kind === 'competitor')).toHaveLength(2);
    const store = ProjectStore.open(d.file('a.ketu'));
    const cols = store.placeColumns();
    store.close();
    const roleCounts = [0, 0, 0];
    for (const r of cols.roles) roleCounts[r] = (roleCounts[r] ?? 0) + 1;
    expect(roleCounts[0]).toBe(a.counts.customers);
    expect(roleCounts[1]).toBeGreaterThan(1000);
    expect(roleCounts[2]).toBeGreaterThan(300);
    // Every place lies in the Hangzhou area.
    for (let i = 0; i < cols.count; i++) {
      expect(cols.positions[2 * i]).toBeGreaterThan(119.5);
      expect(cols.positions[2 * i]).toBeLessThan(120.8);
      expect(cols.positions[2 * i + 1]).toBeGreaterThan(29.9);
      expect(cols.positions[2 * i + 1]).toBeLessThan(30.7);
    }
  });
});
