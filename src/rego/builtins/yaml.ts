// yaml.* placeholder (filled below)
export const yamlBuiltins: Record<string, (...args: any[]) => unknown> = {};
