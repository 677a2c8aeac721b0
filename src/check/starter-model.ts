// A model written from manifests: what `warden init --from` saves, and what `warden check` without a
// model checks against (in memory). One boundary per namespace, one element per workload bound by
// `workload "kind/name"` (StatefulSets as data stores), exposure and flows from Services, Ingresses
// and environment variables that name a Service, and the profile's controls on every element.
import { formatSource } from '../dsl/index.js';
import type { ManifestResource } from './manifests.js';

export interface StarterModelOptions {
  /** Model name (default "Cluster model"). */
  name?: string;
  /** Controls applied to every element; absent: `profile(<profile>)`, the profile itself. */
  controls?: readonly string[];
  /** Shown in the header comment. */
  profile: string;
  /** Shown in the header comment: where the manifests came from. */
  sources?: readonly string[];
}

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

interface Workload {
  id: string;
  resource: ManifestResource;
  namespace: string;
  labels: Record<string, string>;
  exposure: 'internet' | 'internal';
  flowsTo: Set<string>;
  fromInternet: Array<{ via: string; tls: boolean }>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `order-service` -> `OrderService`; a leading digit gets a prefix so the result is an identifier. */
export function pascalId(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return !id ? 'Unnamed' : /^[0-9]/.test(id) ? `R${id}` : id;
}

function podLabels(r: ManifestResource): Record<string, string> {
  const o = r.object;
  const labels =
    r.kind === 'Pod'
      ? obj(obj(o.metadata).labels)
      : r.kind === 'CronJob'
        ? obj(obj(obj(obj(obj(obj(o.spec).jobTemplate).spec).template).metadata).labels)
        : obj(obj(obj(obj(o.spec).template).metadata).labels);
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

function podContainers(r: ManifestResource): Obj[] {
  const o = r.object;
  const spec = r.kind === 'Pod' ? obj(o.spec) : r.kind === 'CronJob' ? obj(obj(obj(obj(obj(o.spec).jobTemplate).spec).template).spec) : obj(obj(obj(o.spec).template).spec);
  return [...arr(spec.containers), ...arr(spec.initContainers)].map(obj);
}

function quote(s: string): string {
  return JSON.stringify(s);
}

class Ids {
  private used = new Set<string>();
  take(...candidates: string[]): string {
    for (const c of candidates) if (!this.used.has(c)) return this.add(c);
    const base = candidates[candidates.length - 1]!;
    let n = 2;
    while (this.used.has(`${base}${n}`)) n++;
    return this.add(`${base}${n}`);
  }
  private add(id: string): string {
    this.used.add(id);
    return id;
  }
}

/** Workloads with their ids, namespaces and labels; exposure and flows are filled in later. */
function collectWorkloads(resources: readonly ManifestResource[], ids: Ids): Workload[] {
  const workloads = resources.filter((r) => WORKLOAD_KINDS.has(r.kind) && r.name && !arr(obj(r.object.metadata).ownerReferences).length);
  return workloads.map((r) => ({
    id: ids.take(pascalId(r.name), pascalId(`${r.name}-${r.kind}`), pascalId(`${r.namespace ?? ''}-${r.name}-${r.kind}`)),
    resource: r,
    namespace: r.namespace ?? '',
    labels: podLabels(r),
    exposure: 'internal',
    flowsTo: new Set(),
    fromInternet: [],
  }));
}

function selects(selector: Obj, w: Workload, namespace: string): boolean {
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  if (namespace && w.namespace && namespace !== w.namespace) return false;
  return entries.every(([k, v]) => w.labels[k] === String(v));
}

/** Exposure and flows: public Services and Ingresses reach their workloads from the internet; an env value naming a Service is a flow to its workloads. */
function linkWorkloads(resources: readonly ManifestResource[], workloads: Workload[]): void {
  const services = resources.filter((r) => r.kind === 'Service');
  // Workloads by pod label, so a Service's selector meets only the workloads carrying one of its labels.
  const byLabel = new Map<string, Workload[]>();
  for (const w of workloads) {
    for (const [k, v] of Object.entries(w.labels)) {
      const list = byLabel.get(`${k}=${v}`);
      if (list) list.push(w);
      else byLabel.set(`${k}=${v}`, [w]);
    }
  }
  const targets = new Map<string, Workload[]>(); // "ns/service" -> workloads
  for (const s of services) {
    const spec = obj(s.object.spec);
    const selector = obj(spec.selector);
    const lists = Object.entries(selector).map(([k, v]) => byLabel.get(`${k}=${String(v)}`) ?? []);
    const candidates = lists.length > 0 ? lists.reduce((a, b) => (b.length < a.length ? b : a)) : [];
    const picked = candidates.filter((w) => selects(selector, w, s.namespace ?? ''));
    targets.set(`${s.namespace ?? ''}/${s.name}`, picked);
    const type = str(spec.type);
    if (type === 'LoadBalancer' || type === 'NodePort') {
      for (const w of picked) {
        w.exposure = 'internet';
        w.fromInternet.push({ via: `${type} Service ${s.name}`, tls: false });
      }
    }
  }
  for (const ing of resources.filter((r) => r.kind === 'Ingress')) {
    const spec = obj(ing.object.spec);
    const tls = arr(spec.tls).length > 0;
    const backends = [obj(spec.defaultBackend), ...arr(spec.rules).flatMap((rule) => arr(obj(obj(rule).http).paths).map((p) => obj(obj(p).backend)))];
    for (const b of backends) {
      const name = str(obj(b.service).name) || str(b.serviceName);
      for (const w of targets.get(`${ing.namespace ?? ''}/${name}`) ?? []) {
        w.exposure = 'internet';
        if (!w.fromInternet.some((f) => f.via === `Ingress ${ing.name}`)) w.fromInternet.push({ via: `Ingress ${ing.name}`, tls });
      }
    }
  }
  // Services by name; an env value mentions one as a host: `amqp://rabbitmq:5672`, `order-service.shop.svc`.
  const byName = new Map<string, ManifestResource[]>();
  for (const s of services) {
    const list = byName.get(s.name);
    if (list) list.push(s);
    else byName.set(s.name, [s]);
  }
  for (const w of workloads) {
    const values = podContainers(w.resource).flatMap((c) => arr(c.env).map((e) => str(obj(e).value)));
    for (const v of values) {
      // `name`, `name.namespace`, `name.namespace.svc...`: the second label, when there is one, may name the namespace.
      for (const m of v.matchAll(/(?:^|[/@])([a-z0-9][a-z0-9-]*)(?:\.([a-z0-9][a-z0-9-]*))?(?=[:./]|$)/g)) {
        for (const s of byName.get(m[1]!) ?? []) {
          const sameNamespace = !s.namespace || !w.namespace || s.namespace === w.namespace;
          if (!sameNamespace && s.namespace !== m[2]) continue;
          for (const t of targets.get(`${s.namespace ?? ''}/${s.name}`) ?? []) if (t !== w) w.flowsTo.add(t.id);
        }
      }
    }
  }
}

function elementLines(w: Workload, controls: string): string[] {
  const r = w.resource;
  const kind = r.kind === 'StatefulSet' ? 'statefulWorkload' : 'workload';
  const binding = `${r.kind.toLowerCase()}/${r.name}`;
  return [
    `${kind} ${w.id} ${quote(`${r.kind} ${r.name}`)} {`,
    `  workload ${quote(binding)}`,
    `  exposure ${w.exposure}`,
    `  controls [${controls}]`,
    '}',
  ];
}

/** The model text, formatted canonically. */
export function modelFromManifests(resources: readonly ManifestResource[], options: StarterModelOptions): string {
  const ids = new Ids();
  for (const reserved of ['Internet', 'Cluster', 'Clients']) ids.take(reserved);
  const workloads = collectWorkloads(resources, ids);
  linkWorkloads(resources, workloads);
  const controls = options.controls ? options.controls.join(', ') : `profile(${options.profile})`;
  const namespaces = [...new Set(resources.map((r) => (r.kind === 'Namespace' ? r.name : (r.namespace ?? ''))).filter(Boolean))].sort();
  const out: string[] = [
    `// Written by \`warden init --from\` from ${resources.length} resource${resources.length === 1 ? '' : 's'}${options.sources?.length ? ` in:` : '.'}`,
    ...(options.sources ?? []).map((f) => `//   ${f}`),
    `// Every workload is an element with the "${options.profile}" profile's controls. Review it: name the data`,
    '// each element handles, add flows the manifests do not show, then `warden threats model.warden`.',
    `model ${quote(options.name ?? 'Cluster model')} { version "0.1" }`,
    '',
    'use "warden/kubernetes"',
    '',
    'boundary Internet { trust untrusted }',
    'boundary Cluster "Kubernetes cluster" {',
    '  trust high',
  ];
  // Workloads whose manifest names no namespace sit in the cluster boundary (they match any namespace).
  for (const w of workloads.filter((x) => !x.namespace)) out.push(...elementLines(w, controls).map((l) => `  ${l}`));
  for (const ns of namespaces) {
    const bid = ids.take(`${pascalId(ns)}Namespace`, pascalId(`ns-${ns}`));
    out.push(`  boundary ${bid} ${quote(`namespace ${ns}`)} {`, `    namespace ${quote(ns)}`);
    const mine = workloads.filter((w) => w.namespace === ns);
    for (const w of mine) out.push(...elementLines(w, controls).map((l) => `    ${l}`));
    // A namespace with no workload still holds resources (ConfigMaps, Roles, Services) the profile checks.
    if (mine.length === 0) out.push(`    namespace ${ids.take(`${pascalId(ns)}Objects`)} ${quote(`objects of namespace ${ns}`)} { name ${quote(ns)}  controls [${controls}] }`);
    out.push('  }');
  }
  // With no workload and no namespace at all, cluster-scoped resources still need an element to check them.
  if (workloads.length === 0 && namespaces.length === 0) out.push(`  cluster ClusterObjects "cluster-scoped objects" { controls [${controls}] }`);
  out.push('}', '');
  const exposed = workloads.filter((w) => w.fromInternet.length > 0);
  if (exposed.length > 0) out.push('user Clients "Internet clients" in Internet', '');
  for (const w of exposed) {
    for (const f of w.fromInternet) out.push(`flow Clients -> ${w.id} ${quote(`through ${f.via}`)} { protocol ${f.tls ? 'https' : 'http'} }`);
  }
  for (const w of workloads) for (const to of [...w.flowsTo].sort()) out.push(`flow ${w.id} -> ${to}`);
  const text = out.join('\n') + '\n';
  const formatted = formatSource(text).value ?? text;
  return formatted.endsWith('\n') ? formatted : `${formatted}\n`;
}
