// Moved to @udm/core (a contributed command parses --set too); re-exported for the cli's own imports.
export { applyConfigSets, parseConfigSet } from '@udm/core';
export type { ConfigSet } from '@udm/core';
