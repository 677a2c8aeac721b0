import { readFileSync } from 'node:fs';
import { launch, svgToPng } from './browser.js';
const b = await launch();
if (typeof b === 'string') throw new Error(b);
for (const n of process.argv.slice(2)) await svgToPng(b, readFileSync(`/tmp/${n}.svg`, 'utf8'), `/tmp/${n}.png`);
await b.close();
