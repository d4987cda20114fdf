// Types of write-plugin-ids.mjs, for the spec that imports it (test/config/plugin-ids.spec.ts).
export declare const LISTS: readonly { name: string; file: string; object: string }[];
export declare const OUTPUT: string;
export declare function registryKeys(source: string, object: string, file?: string): string[];
export declare function renderPluginIds(root: string): string;
