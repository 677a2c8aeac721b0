// Value tables between Threagile's enumerations (support/schema.json) and Warden's kinds and
// attribute values. Each table reads both ways: `to` maps a Threagile value to Warden's, `from`
// maps back. Where the way back does not return the same value, the import keeps the exact value
// in a `threagile:<field>=<value>` tag and the export prefers the tag (docs/interop.md).
import type { StrideCategory } from '../model/types.js';

/** Threagile technology -> Warden kind (technical assets whose type agrees with the kind's base). */
export const TECHNOLOGY_KIND: Record<string, string> = {
  browser: 'browser',
  'mobile-app': 'mobileApp',
  desktop: 'desktopApp',
  'client-system': 'desktopApp',
  'iot-device': 'iotDevice',
  'devops-client': 'devopsClient',
  'web-server': 'webServer',
  'web-application': 'webApplication',
  'application-server': 'applicationServer',
  'web-service-rest': 'webService',
  'web-service-soap': 'webService',
  'reverse-proxy': 'reverseProxy',
  'load-balancer': 'loadBalancer',
  gateway: 'apiGateway',
  waf: 'webFirewall',
  'identity-provider': 'identityServer',
  'build-pipeline': 'buildPipeline',
  monitoring: 'monitoringSystem',
  'batch-processing': 'batchJob',
  scheduler: 'batchJob',
  task: 'batchJob',
  function: 'batchJob',
  'mail-server': 'mailServer',
  database: 'database',
  'file-server': 'fileStore',
  'local-file-system': 'fileStore',
  'block-storage': 'fileStore',
  'message-queue': 'messageQueue',
  'stream-processing': 'batchJob',
  'search-index': 'searchIndex',
  'search-engine': 'searchIndex',
  vault: 'secretVault',
  hsm: 'secretVault',
  'identity-store-ldap': 'identityStore',
  'identity-store-database': 'identityStore',
  'sourcecode-repository': 'sourceRepository',
  'artifact-registry': 'artifactRegistry',
};

/** The family kind of each base (the kind used when the technology has no kind of that base). */
export const FAMILY: Record<'actor' | 'process' | 'store', string> = { actor: 'entity', process: 'component', store: 'datastore' };

/** Base of each kind in models/warden/kinds/technologies.warden. */
export const KIND_BASE: Record<string, 'actor' | 'process' | 'store'> = {
  entity: 'actor',
  browser: 'actor',
  mobileApp: 'actor',
  desktopApp: 'actor',
  iotDevice: 'actor',
  devopsClient: 'actor',
  component: 'process',
  webServer: 'process',
  webApplication: 'process',
  applicationServer: 'process',
  webService: 'process',
  reverseProxy: 'process',
  loadBalancer: 'process',
  apiGateway: 'process',
  webFirewall: 'process',
  identityServer: 'process',
  buildPipeline: 'process',
  monitoringSystem: 'process',
  batchJob: 'process',
  mailServer: 'process',
  datastore: 'store',
  database: 'store',
  fileStore: 'store',
  messageQueue: 'store',
  searchIndex: 'store',
  secretVault: 'store',
  identityStore: 'store',
  sourceRepository: 'store',
  artifactRegistry: 'store',
};

/** Warden kind -> Threagile technology, for kinds of any library file (first match of the kind's ancestry). */
export const KIND_TECHNOLOGY: Record<string, string> = {
  browser: 'browser',
  mobileApp: 'mobile-app',
  desktopApp: 'desktop',
  iotDevice: 'iot-device',
  devopsClient: 'devops-client',
  developer: 'devops-client',
  webServer: 'web-server',
  webApplication: 'web-application',
  applicationServer: 'application-server',
  webService: 'web-service-rest',
  reverseProxy: 'reverse-proxy',
  loadBalancer: 'load-balancer',
  apiGateway: 'gateway',
  appGateway: 'gateway',
  ingress: 'reverse-proxy',
  webFirewall: 'waf',
  identityServer: 'identity-provider',
  identityProvider: 'identity-provider',
  buildPipeline: 'build-pipeline',
  pipeline: 'build-pipeline',
  monitoringSystem: 'monitoring',
  monitor: 'monitoring',
  logAnalytics: 'monitoring',
  batchJob: 'batch-processing',
  mailServer: 'mail-server',
  workload: 'application-server',
  aksCluster: 'container-platform',
  cluster: 'container-platform',
  database: 'database',
  cosmosDb: 'database',
  statefulWorkload: 'database',
  fileStore: 'file-server',
  storageAccount: 'block-storage',
  messageQueue: 'message-queue',
  searchIndex: 'search-index',
  secretVault: 'vault',
  keyVault: 'vault',
  secretStore: 'vault',
  identityStore: 'identity-store-database',
  sourceRepository: 'sourcecode-repository',
  repository: 'sourcecode-repository',
  artifactRegistry: 'artifact-registry',
  containerRegistry: 'artifact-registry',
  registry: 'artifact-registry',
  logStore: 'monitoring',
  user: 'browser',
  externalSystem: 'client-system',
};

export const TECHNOLOGIES = [
  'unknown-technology', 'client-system', 'browser', 'desktop', 'mobile-app', 'devops-client', 'web-server', 'web-application',
  'application-server', 'database', 'file-server', 'local-file-system', 'erp', 'cms', 'web-service-rest', 'web-service-soap', 'ejb',
  'search-index', 'search-engine', 'service-registry', 'reverse-proxy', 'load-balancer', 'build-pipeline', 'sourcecode-repository',
  'artifact-registry', 'code-inspection-platform', 'monitoring', 'ldap-server', 'container-platform', 'batch-processing', 'event-listener',
  'identity-provider', 'identity-store-ldap', 'identity-store-database', 'tool', 'cli', 'task', 'function', 'gateway', 'iot-device',
  'message-queue', 'stream-processing', 'service-mesh', 'data-lake', 'report-engine', 'ai', 'mail-server', 'vault', 'hsm', 'waf', 'ids',
  'ips', 'scheduler', 'mainframe', 'block-storage', 'library',
];

/** Enumerations with a one-to-one spelling change (kebab-case <-> camelCase). */
export const camel = (v: string): string => v.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
export const kebab = (v: string): string => v.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export const ENCRYPTION: Record<string, string> = {
  none: 'none',
  transparent: 'transparent',
  'data-with-symmetric-shared-key': 'symmetricSharedKey',
  'data-with-asymmetric-shared-key': 'asymmetricSharedKey',
  'data-with-end-user-individual-key': 'endUserIndividualKey',
};

/** Threagile confidentiality -> Warden data classification (five levels onto four). */
export const CLASSIFICATION: Record<string, string> = {
  public: 'public',
  internal: 'internal',
  restricted: 'confidential',
  confidential: 'confidential',
  'strictly-confidential': 'restricted',
};
export const CLASSIFICATION_BACK: Record<string, string> = { public: 'public', internal: 'internal', confidential: 'confidential', restricted: 'strictly-confidential' };

/** Threagile protocol -> Warden flow protocol, and whether it is encrypted. */
export const PROTOCOL: Record<string, [string, boolean]> = {
  'unknown-protocol': ['other', false],
  http: ['http', false],
  https: ['https', true],
  ws: ['http', false],
  wss: ['https', true],
  'reverse-proxy-web-protocol': ['http', false],
  'reverse-proxy-web-protocol-encrypted': ['https', true],
  mqtt: ['mqtt', false],
  jdbc: ['sql', false],
  'jdbc-encrypted': ['sql', true],
  odbc: ['sql', false],
  'odbc-encrypted': ['sql', true],
  'sql-access-protocol': ['sql', false],
  'sql-access-protocol-encrypted': ['sql', true],
  'nosql-access-protocol': ['tcp', false],
  'nosql-access-protocol-encrypted': ['tls', true],
  binary: ['tcp', false],
  'binary-encrypted': ['tls', true],
  text: ['tcp', false],
  'text-encrypted': ['tls', true],
  ssh: ['ssh', true],
  'ssh-tunnel': ['ssh', true],
  smtp: ['tcp', false],
  'smtp-encrypted': ['tls', true],
  pop3: ['tcp', false],
  'pop3-encrypted': ['tls', true],
  imap: ['tcp', false],
  'imap-encrypted': ['tls', true],
  ftp: ['tcp', false],
  ftps: ['tls', true],
  sftp: ['ssh', true],
  scp: ['ssh', true],
  ldap: ['ldap', false],
  ldaps: ['ldaps', true],
  jms: ['amqp', false],
  nfs: ['tcp', false],
  smb: ['smb', false],
  'smb-encrypted': ['smb', true],
  'local-file-access': ['other', false],
  nrpe: ['tcp', false],
  xmpp: ['tcp', false],
  iiop: ['tcp', false],
  'iiop-encrypted': ['tls', true],
  jrmp: ['tcp', false],
  'jrmp-encrypted': ['tls', true],
  'in-process-library-call': ['other', false],
  'inter-process-communication': ['other', false],
  'container-spawning': ['other', false],
};

/** Warden protocol (and encrypted) -> Threagile protocol. */
export function protocolBack(protocol: string | undefined, encrypted: boolean | undefined): string {
  switch (protocol) {
    case 'http':
      return encrypted ? 'https' : 'http';
    case 'https':
      return 'https';
    case 'tls':
    case 'grpcs':
    case 'amqps':
      return 'binary-encrypted';
    case 'grpc':
    case 'amqp':
    case 'kafka':
    case 'tcp':
    case 'udp':
      return encrypted ? 'binary-encrypted' : 'binary';
    case 'mqtt':
      return 'mqtt';
    case 'sql':
      return encrypted ? 'sql-access-protocol-encrypted' : 'sql-access-protocol';
    case 'ssh':
    case 'git':
      return 'ssh';
    case 'oci':
      return 'https';
    case 'ldap':
      return encrypted ? 'ldaps' : 'ldap';
    case 'ldaps':
      return 'ldaps';
    case 'smb':
      return encrypted ? 'smb-encrypted' : 'smb';
    default:
      return 'unknown-protocol';
  }
}

export const AUTHN: Record<string, string> = {
  none: 'none',
  credentials: 'password',
  'session-id': 'token',
  token: 'token',
  'client-certificate': 'certificate',
  'two-factor': 'mfa',
  externalized: 'oidc',
};
export const AUTHN_BACK: Record<string, string> = {
  none: 'none',
  password: 'credentials',
  mfa: 'two-factor',
  oidc: 'externalized',
  saml: 'externalized',
  apiKey: 'token',
  mtls: 'client-certificate',
  managedIdentity: 'token',
  workloadIdentity: 'token',
  certificate: 'client-certificate',
  token: 'token',
  sshKey: 'credentials',
};

export const AUTHZ: Record<string, string> = { none: 'none', 'technical-user': 'rbac', 'end-user-identity-propagation': 'scopes' };
export const AUTHZ_BACK: Record<string, string> = { none: 'none', rbac: 'technical-user', acl: 'technical-user', custom: 'technical-user', abac: 'end-user-identity-propagation', scopes: 'end-user-identity-propagation' };

/** Threagile risk severity <-> Warden severity. */
export const SEVERITY: Record<string, string> = { low: 'low', medium: 'medium', elevated: 'high', high: 'high', critical: 'critical' };
export const SEVERITY_BACK: Record<string, string> = { info: 'low', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

/**
 * Threagile's built-in risk rules -> the STRIDE category of the threat they describe. A tracked
 * risk of one of these becomes a custom threat of that category on the element or flow it names.
 */
export const RISK_CATEGORY_STRIDE: Record<string, StrideCategory> = {
  'accidental-secret-leak': 'informationDisclosure',
  'code-backdooring': 'tampering',
  'container-baseimage-backdooring': 'tampering',
  'container-platform-escape': 'elevationOfPrivilege',
  'cross-site-request-forgery': 'spoofing',
  'cross-site-scripting': 'tampering',
  'dos-risky-access-across-trust-boundary': 'denialOfService',
  'incomplete-model': 'informationDisclosure',
  'ldap-injection': 'tampering',
  'missing-authentication': 'elevationOfPrivilege',
  'missing-authentication-second-factor': 'elevationOfPrivilege',
  'missing-build-infrastructure': 'tampering',
  'missing-cloud-hardening': 'tampering',
  'missing-file-validation': 'spoofing',
  'missing-hardening': 'tampering',
  'missing-identity-propagation': 'elevationOfPrivilege',
  'missing-identity-provider-isolation': 'elevationOfPrivilege',
  'missing-identity-store': 'spoofing',
  'missing-network-segmentation': 'elevationOfPrivilege',
  'missing-vault': 'informationDisclosure',
  'missing-vault-isolation': 'elevationOfPrivilege',
  'missing-waf': 'tampering',
  'mixed-targets-on-shared-runtime': 'elevationOfPrivilege',
  'path-traversal': 'informationDisclosure',
  'push-instead-of-pull-deployment': 'tampering',
  'search-query-injection': 'tampering',
  'server-side-request-forgery': 'informationDisclosure',
  'service-registry-poisoning': 'spoofing',
  'sql-nosql-injection': 'tampering',
  'unchecked-deployment': 'tampering',
  'unencrypted-asset': 'informationDisclosure',
  'unencrypted-communication': 'informationDisclosure',
  'unguarded-access-from-internet': 'elevationOfPrivilege',
  'unguarded-direct-datastore-access': 'elevationOfPrivilege',
  'unnecessary-communication-link': 'elevationOfPrivilege',
  'unnecessary-data-asset': 'elevationOfPrivilege',
  'unnecessary-data-transfer': 'elevationOfPrivilege',
  'unnecessary-technical-asset': 'elevationOfPrivilege',
  'untrusted-deserialization': 'tampering',
  'wrong-communication-link-content': 'informationDisclosure',
  'wrong-trust-boundary-content': 'elevationOfPrivilege',
  'xml-external-entity': 'informationDisclosure',
};

export const TRUST_BOUNDARY_TYPES = [
  'network-on-prem',
  'network-dedicated-hoster',
  'network-virtual-lan',
  'network-cloud-provider',
  'network-cloud-security-group',
  'network-policy-namespace-isolation',
  'execution-environment',
];
