import type { LayerConfig } from '../../../native/contract/index.js';
import { DEFAULT_LAYER_NAMES } from '../../../native/contract/layer-migrations.js';
import type { MessageKey } from '../../i18n/messages.js';
import { roleKeys } from '../../i18n/role-labels.js';

const defaultKeys: Record<keyof typeof DEFAULT_LAYER_NAMES, MessageKey> = { ...roleKeys, sites: 'template.sites' };

/**
 * A layer's name as shown (panel, legend, exported PNG). The default layers are stored with Chinese
 * names; while a default keeps its name it reads in the UI's language, and a name the user typed stays.
 */
export function layerTitle(config: Pick<LayerConfig, 'id' | 'name'>, t: (key: MessageKey) => string): string {
  const id = config.id as keyof typeof DEFAULT_LAYER_NAMES;
  return Object.hasOwn(DEFAULT_LAYER_NAMES, id) && DEFAULT_LAYER_NAMES[id] === config.name ? t(defaultKeys[id]) : config.name;
}
