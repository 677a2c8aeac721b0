// Foreign technology names (Threagile's `technology`, an OTM component's `type`) onto the base
// attributes the threat rule packs select on: `technology` of a process and `storeType` of a store
// (models/warden/base.warden). Only names that clearly mean one value are mapped; the foreign name
// itself is always kept verbatim in the `product` attribute of the technology kinds
// (models/warden/kinds/technologies.warden). docs/interop.md lists the tables.

/** Foreign technology -> `technology` of a process. */
export const PROCESS_TECHNOLOGY: Record<string, string> = {
  'web-server': 'webServer',
  'web-application': 'webApplication',
  'web-service-rest': 'api',
  'web-service-soap': 'api',
  api: 'api',
  'reverse-proxy': 'reverseProxy',
  'load-balancer': 'loadBalancer',
  gateway: 'apiGateway',
  'api-gateway': 'apiGateway',
  cms: 'cms',
  erp: 'erp',
  'batch-processing': 'worker',
  'stream-processing': 'worker',
  'event-listener': 'worker',
  scheduler: 'worker',
  task: 'worker',
  worker: 'worker',
  function: 'function',
  'message-queue': 'messageBroker',
  'message-broker': 'messageBroker',
  kafka: 'messageBroker',
  rabbitmq: 'messageBroker',
  ai: 'llm',
  llm: 'llm',
  agent: 'agent',
  'ai-agent': 'agent',
};

/** Foreign technology -> `storeType` of a store. */
export const STORE_TYPE: Record<string, string> = {
  // Threagile's `database` is its SQL family (its sql-nosql-injection rule treats it as queryable).
  database: 'sql',
  'sql-database': 'sql',
  postgresql: 'sql',
  mysql: 'sql',
  mariadb: 'sql',
  'sql-server': 'sql',
  'identity-store-database': 'sql',
  'nosql-database': 'nosql',
  mongodb: 'nosql',
  'identity-store-ldap': 'ldap',
  'ldap-server': 'ldap',
  'search-index': 'search',
  'search-engine': 'search',
  elasticsearch: 'search',
  'file-server': 'fileShare',
  'local-file-system': 'fileShare',
  'object-storage': 'objectStorage',
  's3-bucket': 'objectStorage',
  'blob-storage': 'objectStorage',
  cache: 'cache',
  redis: 'cache',
  'message-queue': 'queue',
  queue: 'queue',
  vault: 'vault',
  hsm: 'vault',
  'vector-database': 'vectorDb',
};

/** Threagile technology for each `technology` of a process (the way back). */
export const PROCESS_TECHNOLOGY_BACK: Record<string, string> = {
  webServer: 'web-server',
  webApplication: 'web-application',
  api: 'web-service-rest',
  cms: 'cms',
  erp: 'erp',
  reverseProxy: 'reverse-proxy',
  loadBalancer: 'load-balancer',
  apiGateway: 'gateway',
  worker: 'batch-processing',
  function: 'function',
  messageBroker: 'message-queue',
  llm: 'ai',
  agent: 'ai',
};

/** Threagile technology for each `storeType` of a store (the way back). */
export const STORE_TYPE_BACK: Record<string, string> = {
  sql: 'database',
  nosql: 'database',
  ldap: 'identity-store-ldap',
  search: 'search-index',
  objectStorage: 'block-storage',
  fileShare: 'file-server',
  cache: 'database',
  queue: 'message-queue',
  vault: 'vault',
  vectorDb: 'database',
  logStore: 'monitoring',
};

/** A foreign name in the tables' spellings: lower case, words joined by hyphens (`PostgreSQL` -> postgresql, `webServer` -> web-server). */
const spellings = (v: string): string[] => {
  const hyphens = (x: string) => x.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return [hyphens(v), hyphens(v.replace(/([a-z0-9])([A-Z])/g, '$1-$2'))];
};

/** The base attribute (`technology` or `storeType`) and value a foreign technology name sets on an element of `base`, if any. */
export function baseTechnology(foreign: string, base: 'actor' | 'process' | 'store' | string): [string, string] | undefined {
  for (const key of spellings(foreign)) {
    if (base === 'process' && Object.hasOwn(PROCESS_TECHNOLOGY, key)) return ['technology', PROCESS_TECHNOLOGY[key]];
    if (base === 'store' && Object.hasOwn(STORE_TYPE, key)) return ['storeType', STORE_TYPE[key]];
  }
  return undefined;
}

/** The Threagile technology of an element's base attributes (`technology` or `storeType`), if they map back. */
export function technologyBack(technology: string | undefined, storeType: string | undefined): string | undefined {
  if (technology && Object.hasOwn(PROCESS_TECHNOLOGY_BACK, technology)) return PROCESS_TECHNOLOGY_BACK[technology];
  return storeType && Object.hasOwn(STORE_TYPE_BACK, storeType) ? STORE_TYPE_BACK[storeType] : undefined;
}
