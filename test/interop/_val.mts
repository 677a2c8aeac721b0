import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { schemaErrors } from './schema.ts';
const [name, f] = process.argv.slice(2);
const errs = schemaErrors(name as any, parse(readFileSync(f, 'utf8')));
console.log(errs.length ? errs.slice(0, 30).join('\n') : 'valid');
