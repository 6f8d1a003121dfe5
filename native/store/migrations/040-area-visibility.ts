import type { Migration } from './migration.js';

/** Areas the planner hid stay in the file (and in QGIS) but are not drawn in the workbench. */
export const migration040: Migration = {
  version: 40,
  name: 'area-visibility',
  up(db) {
    db.exec('ALTER TABLE areas ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0');
  },
};
