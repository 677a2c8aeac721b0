import { pathToFileURL } from 'node:url';
import { launch } from './browser.js';
const b = await launch(); if (typeof b === 'string') throw new Error(b);
const page = await b.newPage({ viewport: { width: 1300, height: 1100 } });
await page.goto(pathToFileURL('/work/main/test/.tmp/report-aks.html').href);
await page.screenshot({ path: '/tmp/aks-top.png' });
await page.evaluate(() => document.getElementById('register')!.scrollIntoView());
await page.screenshot({ path: '/tmp/aks-reg.png' });
await b.close();
