// Stable threat ids: same model, same ids; unrelated edits keep them; renaming an element changes
// only that element's threats; rare 8-digit collisions widen only the colliding ids.
import test from 'ava';
import { createHash } from 'node:crypto';
import { assignIds, generateThreats, threatId } from '../../src/threats/index.js';
import type { ThreatRegister } from '../../src/threats/types.js';
import { boolV, enumV, ModelBuilder } from './builders.js';

function model(opts: { rename?: boolean; extra?: boolean; edit?: boolean; reorder?: boolean } = {}): ModelBuilder {
  const api = opts.rename ? 'PaymentsApi' : 'Api';
  const b = new ModelBuilder().boundary('Internet', 'untrusted').boundary('Azure', 'high').control('mtls', ['spoofing']);
  if (opts.extra) b.element('Auditor', 'actor', 'Internet');
  const elements: [string, () => void][] = [
    ['Customer', () => b.element('Customer', 'actor', 'Internet', {}, [], opts.edit ? 'Shopper' : 'Customer')],
    [api, () => b.element(api, 'process', 'Azure', { exposure: enumV(opts.edit ? 'internal' : 'internet') })],
    ['Ledger', () => b.element('Ledger', 'store', 'Azure', opts.edit ? { encryptedAtRest: boolV(true) } : {})],
  ];
  (opts.reorder ? [...elements].reverse() : elements).forEach(([, add]) => add());
  b.flow('Customer', api, {}, { id: 'Checkout' });
  b.flow(api, 'Ledger', {}, { id: 'Persist' });
  b.rule({ id: 'AnyFlow', on: 'flow', category: 'spoofing' });
  return b;
}

const ids = (r: ThreatRegister) => new Map(r.threats.map((t) => [`${t.rule}@${t.target.id}`, t.id]));
const run = (b: ModelBuilder) => generateThreats(b.build(), { today: '2026-01-01' }).value;

test('ids are TH- plus the first 8 hex digits of SHA-256(rule NUL target)', (t) => {
  const expected = 'TH-' + createHash('sha256').update('AnyFlow\u0000Checkout').digest('hex').slice(0, 8);
  t.is(threatId('AnyFlow', 'Checkout'), expected);
  const reg = run(model());
  t.is(reg.threats.find((x) => x.rule === 'AnyFlow' && x.target.id === 'Checkout')!.id, expected);
  t.true(reg.threats.every((x) => /^TH-[0-9a-f]{8}$/.test(x.id)));
  t.is(new Set(reg.threats.map((x) => x.id)).size, reg.threats.length);
});

test('same model, same ids across runs', (t) => {
  t.deepEqual(ids(run(model())), ids(run(model())));
});

test('unrelated edits keep every id: new element, changed attributes and titles, reordered declarations', (t) => {
  const before = ids(run(model()));
  for (const opts of [{ extra: true }, { edit: true }, { reorder: true }]) {
    const after = ids(run(model(opts)));
    for (const [key, id] of before) {
      // An edit may add or drop threats (attributes change what fires), but a threat that exists
      // on both sides has the same id.
      if (after.has(key)) t.is(after.get(key), id, `${key} with ${JSON.stringify(opts)}`);
    }
    t.true([...before.keys()].filter((k) => after.has(k)).length >= before.size - 1);
  }
});

test('renaming an element changes only the ids of its own threats', (t) => {
  const before = run(model());
  const after = run(model({ rename: true }));
  const changedTargets = new Set(before.threats.filter((x) => !after.threats.some((y) => y.id === x.id)).map((x) => x.target.id));
  t.deepEqual([...changedTargets], ['Api']);
  // Named flows keep their ids even though an end was renamed.
  for (const x of before.threats.filter((x) => x.target.id === 'Checkout' || x.target.id === 'Persist')) {
    t.true(after.threats.some((y) => y.id === x.id));
  }
});

test('8-digit collisions widen only the colliding ids', (t) => {
  // Find two (rule, target) pairs whose ids collide in 8 hex digits (a birthday search, ~2^16 tries).
  const seen = new Map<string, string>();
  let pair: [string, string] | undefined;
  for (let i = 0; !pair; i++) {
    const target = `E${i}`;
    const id = threatId('R', target);
    const other = seen.get(id);
    if (other) pair = [other, target];
    else seen.set(id, target);
  }
  const out = assignIds([
    { rule: 'R', target: pair[0] },
    { rule: 'R', target: 'Unrelated' },
    { rule: 'R', target: pair[1] },
  ]);
  t.is(out[1], threatId('R', 'Unrelated'));
  t.is(out[0], threatId('R', pair[0], 12));
  t.is(out[2], threatId('R', pair[1], 12));
  t.not(out[0], out[2]);
});
