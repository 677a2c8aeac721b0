// run only chosen inputs of the manifests bench
process.env.WARDEN_BENCH_ONLY = process.argv[2] ?? '';
const { run } = await import('../bench/manifests.ts');
for (const l of await run()) console.log(l);
