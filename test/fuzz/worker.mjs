// Worker-thread entry for the long fuzz (test/fuzz/run.ts): Node 20 workers do not inherit the
// main thread's tsx loader, so register it here before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./run.ts');
