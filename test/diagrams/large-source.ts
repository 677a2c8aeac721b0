// A large model as Warden source (not a built ResolvedModel), for the tests and benches that need a
// file on disk: `warden diagram --collapse`, `warden serve` and the language server. Deterministic:
// the same n gives the same text. n elements in about n/10 boundaries nested up to three deep.
export function largeModelSource(n: number): string {
  const out: string[] = [`model "Generated ${n}" { owner "tests" }`, ''];
  out.push('data Public "Public data" { classification public }');
  out.push('data Secret "Card data" { classification restricted }');
  out.push('data Internal "Internal data" { classification internal }', '');
  out.push('boundary Internet { trust untrusted }');
  const trusts = ['low', 'medium', 'high', 'system'];
  const groups = Math.max(1, Math.round(n / 10));
  const ids: string[][] = [];
  let count = 1;
  for (let g = 0; g < groups; g++) {
    const parent = g % 3 === 0 ? '' : ` in B${g - (g % 3) + (g % 3 === 2 ? 1 : 0)}`;
    out.push(`boundary B${g} "Zone ${g}"${parent} { trust ${trusts[g % 4]}${g % 2 ? `  namespace "ns-${g}"` : ''} }`);
    const members: string[] = [];
    const size = g === groups - 1 ? n - count : Math.round((n - 1) / groups);
    for (let i = 0; i < size && count < n; i++, count++) {
      const id = `E${g}_${i}`;
      const base = i % 5 === 4 ? 'store' : i === 0 && g % 4 === 0 ? 'actor' : 'process';
      out.push(`${base} ${id} "Service ${g}.${i}" in B${g}`);
      members.push(id);
    }
    ids.push(members);
  }
  out.push('', 'actor User "Customer" in Internet', '');
  const proto = ['https', 'grpc', 'tls', 'amqp'];
  const data = ['Public', 'Secret', 'Internal'];
  out.push(`flow User -> ${ids[0][0]} "entry" { protocol https  carries [Secret] }`);
  ids.forEach((members, g) => {
    for (let i = 1; i < members.length; i++) out.push(`flow ${members[Math.floor((i - 1) / 2)]} -> ${members[i]} { protocol ${proto[i % 4]}  carries [${data[(g + i) % 3]}] }`);
    if (g > 0 && members.length > 0) out.push(`flow ${ids[g - 1][0]} -> ${members[0]} "sync ${g}" { protocol https  carries [${data[g % 3]}] }`);
  });
  return out.join('\n') + '\n';
}
