// A small, strict argument parser: every command declares its options, and anything undeclared is a
// usage error (exit 2) rather than silently ignored.

export interface OptionSpec {
  /** Long name without dashes: 'format' for --format. */
  name: string;
  short?: string;
  /** 'string' options take a value; 'boolean' ones do not; 'list' ones may repeat. */
  type: 'string' | 'boolean' | 'list';
  choices?: readonly string[];
  default?: string;
  description: string;
  valueName?: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[] | undefined>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const options: ParsedArgs['options'] = {};
  for (const s of specs) {
    if (s.type === 'boolean') options[s.name] = false;
    else if (s.type === 'list') options[s.name] = [];
    else options[s.name] = s.default;
  }
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let spec: OptionSpec | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      spec = byLong.get(name);
    } else {
      name = arg.slice(1);
      spec = byShort.get(name);
    }
    if (!spec) throw new UsageError(`unknown option ${arg}`);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      options[spec.name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(', ')} (got "${value}")`);
    }
    if (spec.type === 'list') (options[spec.name] as string[]).push(value);
    else options[spec.name] = value;
  }
  return { positionals, options };
}

export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'boolean' ? '' : ` <${s.valueName ?? (s.choices ? s.choices.join('|') : 'value')}>`}`;
    const def = s.default !== undefined ? ` (default: ${s.default})` : '';
    return [flag, s.description + def] as const;
  });
  const width = Math.max(0, ...rows.map(([f]) => f.length));
  return rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`).join('\n');
}
