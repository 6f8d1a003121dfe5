import type { PlaceRole } from '../../native/contract/index.js';
import type { MessageKey } from './messages.js';

/** 住家 / 工作 / 娱乐: the one name of each place role (layer list, legends, filters, review). */
export const roleKeys: Record<PlaceRole, MessageKey> = { home: 'layers.home', work: 'layers.work', leisure: 'layers.leisure' };
