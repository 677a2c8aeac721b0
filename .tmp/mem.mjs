import { writeFileSync } from 'node:fs';
const { run } = await import('./gen.mjs').catch(() => ({}));
