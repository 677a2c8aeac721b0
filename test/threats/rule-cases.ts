// One case per library rule: a snippet where the rule fires on `target` and one where it does not.
// `$` in a snippet becomes a per-case prefix, so all cases can share one model. The boundaries and
// data assets of CASE_HEADER are shared.
export interface RuleCase {
  rule: string;
  target: string;
  fires: string;
  quiet: string;
}

export const CASE_HEADER = `
boundary Internet { trust untrusted }
boundary Partner { trust low }
boundary Corp { trust medium }
boundary Azure { trust high
  boundary Apps { namespace "apps" }
}
data Pub "Public catalogue" { classification public }
data Internal "Order history" { classification internal }
data Secret "Payment card data" { classification restricted }
`;

const c = (rule: string, target: string, fires: string, quiet: string): RuleCase => ({ rule, target, fires, quiet });
const flowPair = (from: string, to: string, attrs: string) => `${from}\n${to}\nflow $F: $A -> $B { ${attrs} }`;

export const RULE_CASES: RuleCase[] = [
  // identity
  c('DeveloperWithoutMfa', '$D', 'developer $D in Corp', 'developer $D in Corp { mfa true }'),
  c('StandingPrivilegedAccess', '$D', 'developer $D in Corp { privilegedAccess standing }', 'developer $D in Corp { privilegedAccess jit }'),
  c('IdpWithoutMfa', '$I', 'identityProvider $I in Azure', 'identityProvider $I in Azure { mfa true }'),
  c('IdpLegacyAuthentication', '$I', 'identityProvider $I in Azure { legacyAuth true }', 'identityProvider $I in Azure { legacyAuth false }'),
  c('IdpWithoutConditionalAccess', '$I', 'identityProvider $I in Azure', 'identityProvider $I in Azure { conditionalAccess true }'),
  c('IdpWithoutPrivilegedIdentityManagement', '$I', 'identityProvider $I in Azure', 'identityProvider $I in Azure { pim true }'),
  c('IdpWithoutAuditLogging', '$I', 'identityProvider $I in Azure', 'identityProvider $I in Azure { auditLogging true }'),
  c('PasswordOnlyHumanActor', '$U', 'user $U in Internet { authn password }', 'user $U in Internet { authn oidc }'),
  c('AnonymousAccessToSensitiveData', '$F', flowPair('user $A in Internet { anonymous true }', 'process $B in Azure', 'protocol https carries [Secret]'), flowPair('user $A in Internet { anonymous true }', 'process $B in Azure', 'protocol https carries [Pub]')),
  c('StaticCredentialAcrossTrustBoundary', '$F', flowPair('externalSystem $A in Partner', 'process $B in Azure', 'authn apiKey'), flowPair('externalSystem $A in Partner', 'process $B in Azure', 'authn managedIdentity')),
  c('ClusterWithoutWorkloadIdentity', '$K', 'aksCluster $K in Azure', 'aksCluster $K in Azure { workloadIdentity true }'),
  // source control and pipeline
  c('UnprotectedDefaultBranch', '$R', 'repository $R in Corp', 'repository $R in Corp { branchProtection true }'),
  c('RepositoryWithoutCodeOwners', '$R', 'repository $R in Corp', 'repository $R in Corp { codeOwners true }'),
  c('UnsignedCommits', '$R', 'repository $R in Corp', 'repository $R in Corp { signedCommits true }'),
  c('RepositoryWithoutSecretScanning', '$R', 'repository $R in Corp', 'repository $R in Corp { secretScanning true }'),
  c('RepositoryWithoutAuditLogging', '$R', 'repository $R in Corp', 'repository $R in Corp { auditLogging true }'),
  c('PipelineStaticCloudCredentials', '$P', 'pipeline $P in Corp', 'pipeline $P in Corp { oidcFederation true }'),
  c('SelfHostedRunnerPersistence', '$P', 'pipeline $P in Corp { selfHostedRunners true }', 'pipeline $P in Corp { selfHostedRunners false }'),
  c('UnpinnedPipelineDependencies', '$P', 'pipeline $P in Corp', 'pipeline $P in Corp { pinnedActions true }'),
  c('OverPrivilegedDeploymentPipeline', '$P', 'pipeline $P in Corp { deploysTo [$K] }\naksCluster $K in Azure', 'pipeline $P in Corp'),
  c('PipelineWithoutStaticAnalysis', '$P', 'pipeline $P in Corp { provider githubActions }', 'pipeline $P in Corp { provider argoCd }'),
  c('PipelineWithoutDependencyScanning', '$P', 'pipeline $P in Corp { provider azurePipelines }', 'pipeline $P in Corp { provider flux }'),
  c('PipelineWithoutIacScanning', '$P', 'pipeline $P in Corp { deploysTo [$K] }\naksCluster $K in Azure', 'pipeline $P in Corp'),
  c('PoisonedPipelineExecution', '$P', 'developer $D in Internet\npipeline $P in Corp\nflow $D -> $P', 'developer $D in Corp\npipeline $P in Corp\nflow $D -> $P'),
  c('PipelineWithoutAuditLogging', '$P', 'pipeline $P in Corp', 'pipeline $P in Corp { auditLogging true }'),
  // images and registries
  c('RegistryAnonymousPull', '$G', 'registry $G in Azure { anonymousPull true }', 'registry $G in Azure'),
  c('RegistryWithoutImageScanning', '$G', 'registry $G in Azure', 'registry $G in Azure { imageScanning true }'),
  c('UnsignedImages', '$G', 'registry $G in Azure', 'registry $G in Azure { signedImages true }'),
  c('RegistryAdminUser', '$G', 'containerRegistry $G in Azure { adminUser true }', 'containerRegistry $G in Azure'),
  c('RegistryReachableFromInternet', '$G', 'registry $G in Azure { exposure internet }', 'registry $G in Azure { exposure internet privateEndpoint true }'),
  c('RegistryWithoutContentTrust', '$G', 'containerRegistry $G in Azure { contentTrust false }', 'containerRegistry $G in Azure { contentTrust true }'),
  c('RegistryPublicNetwork', '$G', 'containerRegistry $G in Azure { publicNetworkAccess true }', 'containerRegistry $G in Azure { publicNetworkAccess true privateEndpoint true }'),
  c('UntrustedImageSource', '$W', 'workload $W in Apps', 'process $W in Apps'),
  c('MutableImageTags', '$W', 'workload $W in Apps', 'process $W in Apps'),
  c('NoSoftwareBillOfMaterials', '$P', 'pipeline $P in Corp', 'pipeline $P in Corp { provider flux }'),
  // secrets
  c('SecretsInEnvironment', '$P', 'process $P in Azure { secretStore env }', 'process $P in Azure { secretStore keyVault }'),
  c('SecretsInFiles', '$P', 'process $P in Azure { secretStore file }', 'process $P in Azure { secretStore keyVault }'),
  c('SecretsWithoutRotation', '$S', 'secretStore $S in Azure', 'secretStore $S in Azure { rotation true }'),
  c('SecretStoreWithoutEncryption', '$S', 'secretStore $S in Azure', 'secretStore $S in Azure { encryptedAtRest true }'),
  c('KeyVaultWithoutPurgeProtection', '$V', 'keyVault $V in Azure', 'keyVault $V in Azure { purgeProtection true }'),
  c('KeyVaultPublicNetwork', '$V', 'keyVault $V in Azure', 'keyVault $V in Azure { publicNetworkAccess false }'),
  c('KeyVaultAccessPolicies', '$V', 'keyVault $V in Azure', 'keyVault $V in Azure { rbacAuthorization true }'),
  c('KeyVaultSoftDeleteDisabled', '$V', 'keyVault $V in Azure { softDelete false }', 'keyVault $V in Azure'),
  // cluster
  c('PublicApiServer', '$K', 'cluster $K in Azure', 'cluster $K in Azure { privateCluster true }'),
  c('ClusterWithoutRbac', '$K', 'cluster $K in Azure { rbac false }', 'cluster $K in Azure'),
  c('ClusterLocalAccounts', '$K', 'cluster $K in Azure', 'cluster $K in Azure { localAccounts false }'),
  c('AksWithoutAzureRbac', '$K', 'aksCluster $K in Azure', 'aksCluster $K in Azure { azureRbac true }'),
  c('ClusterWithoutAdmissionControl', '$K', 'cluster $K in Azure { admissionControl none }', 'cluster $K in Azure { admissionControl gatekeeper }'),
  c('ClusterWithoutNetworkPolicy', '$K', 'cluster $K in Azure', 'cluster $K in Azure { networkPolicy cilium }'),
  c('UnpatchedCluster', '$K', 'cluster $K in Azure', 'process $K in Azure'),
  c('PrivilegedWorkload', '$W', 'workload $W in Apps { privileged true }', 'workload $W in Apps'),
  c('WorkloadRunsAsRoot', '$W', 'workload $W in Apps', 'workload $W in Apps { runAsNonRoot true }'),
  c('WritableRootFilesystem', '$W', 'workload $W in Apps', 'workload $W in Apps { readOnlyRootFilesystem true }'),
  c('HostNetworkWorkload', '$W', 'workload $W in Apps { hostNetwork true }', 'workload $W in Apps'),
  c('WorkloadWithoutResourceLimits', '$W', 'workload $W in Apps', 'process $W in Apps'),
  c('SingleReplicaWorkload', '$W', 'workload $W in Apps', 'workload $W in Apps { replicas 3 }'),
  c('DefaultServiceAccount', '$W', 'workload $W in Apps { serviceAccount "default" }', 'workload $W in Apps { serviceAccount "payments" }'),
  c('UnconfinedSyscalls', '$W', 'workload $W in Apps', 'process $W in Apps'),
  c('NamespaceWithoutDefaultDeny', '$N', 'namespace $N in Apps', 'namespace $N in Apps { defaultDeny true }'),
  c('NamespaceWeakPodSecurity', '$N', 'namespace $N in Apps { podSecurity baseline }', 'namespace $N in Apps { podSecurity restricted }'),
  c('NamespaceWithoutQuota', '$N', 'namespace $N in Apps', 'namespace $N in Apps { resourceQuota true }'),
  // network
  c('UnauthenticatedCrossing', '$F', flowPair('user $A in Internet', 'process $B in Azure', 'protocol https'), flowPair('user $A in Internet', 'process $B in Azure', 'protocol https authn oidc')),
  c('UnencryptedBoundaryCrossing', '$F', flowPair('process $A in Corp', 'process $B in Azure', 'protocol http'), flowPair('process $A in Corp', 'process $B in Azure', 'protocol https')),
  c('PlaintextProtocolTampering', '$F', flowPair('process $A in Azure', 'process $B in Azure', 'protocol http'), flowPair('process $A in Azure', 'process $B in Azure', 'protocol http mtls true')),
  c('InternetExposedWithoutWaf', '$P', 'process $P in Azure { exposure internet }', 'process $P in Azure { exposure internet waf true }'),
  c('InternetExposedWithoutRateLimit', '$P', 'process $P in Azure { exposure internet }', 'process $P in Azure { exposure internet rateLimit true }'),
  c('IngressWithoutTls', '$I', 'ingress $I in Apps { host "shop.example.com" }', 'ingress $I in Apps { host "shop.example.com" tls true }'),
  c('ServiceExposedOutsideGateway', '$S', 'service $S in Apps { serviceType LoadBalancer }', 'service $S in Apps'),
  c('WafInDetectionMode', '$G', 'appGateway $G in Azure { waf true wafMode detection }', 'appGateway $G in Azure { waf true wafMode prevention }'),
  c('GatewayLegacyTls', '$G', 'appGateway $G in Azure { tlsPolicy "AppGwSslPolicy20170401" }', 'appGateway $G in Azure { tlsPolicy "AppGwSslPolicy20220101S" }'),
  c('UnsignedExternalMessages', '$F', flowPair('externalSystem $A in Partner', 'process $B in Azure', 'protocol https'), flowPair('externalSystem $A in Partner', 'process $B in Azure', 'protocol https signed true')),
  c('StoreExposedToInternet', '$S', 'store $S in Azure { exposure internet }', 'store $S in Azure'),
  // data
  c('SensitiveDataInClearText', '$F', flowPair('process $A in Azure', 'store $B in Azure', 'protocol sql carries [Secret]'), flowPair('process $A in Azure', 'store $B in Azure', 'protocol sql encrypted true carries [Secret]')),
  c('SensitiveStoreWithoutEncryption', '$S', 'store $S in Azure { stores [Secret] }', 'store $S in Azure { stores [Secret] encryptedAtRest true }'),
  c('SensitiveStoreWithoutBackup', '$S', 'store $S in Azure { stores [Internal] }', 'store $S in Azure { stores [Pub] }'),
  c('SensitiveStoreWithoutAuditLogging', '$S', 'store $S in Azure { stores [Secret] }', 'store $S in Azure { stores [Secret] auditLogging true }'),
  c('UnauthenticatedStore', '$S', 'store $S in Azure { authn none }', 'store $S in Azure { authn managedIdentity }'),
  c('CosmosLocalAuthentication', '$C', 'cosmosDb $C in Azure', 'cosmosDb $C in Azure { localAuth false }'),
  c('CosmosPublicNetwork', '$C', 'cosmosDb $C in Azure { publicNetworkAccess true }', 'cosmosDb $C in Azure { publicNetworkAccess false }'),
  c('StorageSharedKeyAccess', '$C', 'storageAccount $C in Azure', 'storageAccount $C in Azure { sharedKeyAccess false }'),
  c('SensitiveDataToLessTrustedZone', '$F', flowPair('process $A in Azure', 'process $B in Partner', 'protocol https carries [Secret]'), flowPair('process $A in Azure', 'process $B in Partner', 'protocol https carries [Pub]')),
  // monitoring and audit
  c('ExposedProcessWithoutAuditLogging', '$P', 'process $P in Azure { exposure internet }', 'process $P in Azure { exposure internet auditLogging true }'),
  c('ClusterWithoutAuditLogs', '$K', 'cluster $K in Azure', 'cluster $K in Azure { auditLogging true }'),
  c('ClusterWithoutThreatDetection', '$K', 'aksCluster $K in Azure', 'aksCluster $K in Azure { defender true }'),
  c('MutableAuditLogs', '$L', 'logStore $L in Azure', 'logStore $L in Azure { immutable true }'),
  c('ShortLogRetention', '$L', 'logStore $L in Azure { retentionDays 30 }', 'logStore $L in Azure { retentionDays 365 }'),
  c('MonitoringWithoutAlerts', '$M', 'monitor $M in Azure', 'monitor $M in Azure { alerts true }'),
  c('PipelineReleasesUnmonitored', '$P', 'pipeline $P in Corp { deploysTo [$K] }\naksCluster $K in Azure', 'pipeline $P in Corp'),
  // application
  c('InjectionFromInternet', '$P', 'process $P in Azure { exposure internet }', 'process $P in Azure { exposure internet inputValidation true }'),
  c('MissingAuthorization', '$P', 'process $P in Azure { authn oidc  authz none }', 'process $P in Azure { authn oidc  authz rbac }'),
  c('UnauthenticatedInternetService', '$P', 'process $P in Azure { exposure internet }', 'process $P in Azure { exposure internet authn oidc }'),
  c('VerboseErrorsFromInternetService', '$P', 'process $P in Azure { exposure internet }', 'process $P in Azure'),
  c('SensitiveDataInLogs', '$P', 'process $P in Azure { handles [Secret] }', 'process $P in Azure { handles [Pub] }'),
  // web applications
  c('CrossSiteScripting', '$W', 'process $W in Azure { technology webApplication }', 'process $W in Azure { technology webApplication outputEncoding true }'),
  c('CrossSiteRequestForgery', '$W', 'process $W in Azure { technology webApplication sessions cookie }', 'process $W in Azure { technology webApplication sessions cookie csrfProtection true }'),
  c('WeakSessionManagement', '$W', 'process $W in Azure { sessions cookie }', 'process $W in Azure { sessions cookie sessionHardening true }'),
  c('OpenRedirect', '$W', 'process $W in Azure { redirects true }', 'process $W in Azure { redirects false }'),
  c('PathTraversal', '$W', 'process $W in Azure { servesFiles true }', 'process $W in Azure { servesFiles false }'),
  c('UnrestrictedFileUpload', '$W', 'process $W in Azure { acceptsUploads true }', 'process $W in Azure { acceptsUploads false }'),
  c('ClientSideControlBypass', '$F', flowPair('user $A in Internet', 'process $B in Azure', 'protocol https'), flowPair('externalSystem $A in Internet', 'process $B in Azure', 'protocol https')),
  // services and APIs
  c('SqlInjection', '$P', 'process $P in Azure\nstore $S in Azure { storeType sql }\nflow $P -> $S', 'process $P in Azure\nstore $S in Azure { storeType objectStorage }\nflow $P -> $S'),
  c('LdapInjection', '$P', 'process $P in Azure\nstore $S in Azure { storeType ldap }\nflow $P -> $S', 'process $P in Azure\nstore $S in Azure { storeType sql }\nflow $P -> $S'),
  c('SearchQueryInjection', '$P', 'process $P in Azure\nstore $S in Azure { storeType search }\nflow $P -> $S', 'process $P in Azure\nstore $S in Azure { storeType sql }\nflow $P -> $S'),
  c('CommandInjection', '$P', 'process $P in Azure { executesCommands true }', 'process $P in Azure { executesCommands false }'),
  c('TemplateInjection', '$P', 'process $P in Azure { rendersTemplates true }', 'process $P in Azure { rendersTemplates false }'),
  c('ServerSideRequestForgery', '$P', 'process $P in Azure { fetchesUrls true }', 'process $P in Azure { fetchesUrls false }'),
  c('XmlExternalEntity', '$P', 'process $P in Azure { parsesXml true }', 'process $P in Azure { parsesXml false }'),
  c('UntrustedDeserialization', '$P', 'process $P in Azure { deserializesInput true }', 'process $P in Azure { deserializesInput false }'),
  c('InternalCallerNotAuthenticated', '$B', flowPair('process $A in Azure', 'process $B in Azure', 'protocol https'), flowPair('process $A in Azure', 'process $B in Azure', 'protocol https authn managedIdentity')),
  c('InternalInputTrusted', '$B', flowPair('process $A in Azure', 'process $B in Azure', 'protocol https'), flowPair('process $A in Azure', 'process $B in Azure { inputValidation true }', 'protocol https')),
  c('DependencyWithoutTimeouts', '$A', flowPair('process $A in Azure', 'store $B in Azure', 'protocol tls'), flowPair('process $A in Azure { timeouts true }', 'store $B in Azure', 'protocol tls')),
  c('OverPrivilegedServiceIdentity', '$A', flowPair('process $A in Azure', 'store $B in Azure', 'protocol tls'), flowPair('process $A in Azure { leastPrivilege true }', 'store $B in Azure', 'protocol tls')),
  c('MixedTrustOnSharedRuntime', '$P', 'process $P in Azure { sharedRuntime true }', 'process $P in Azure { sharedRuntime false }'),
  c('MissingSecretVault', '$A', flowPair('process $A in Azure', 'store $B in Azure', 'authn password'), flowPair('process $A in Azure { secretStore keyVault }', 'store $B in Azure', 'authn password')),
  // messaging
  c('UnauthenticatedMessaging', '$F', flowPair('process $A in Azure', 'process $B in Azure', 'protocol amqps'), flowPair('process $A in Azure', 'process $B in Azure', 'protocol amqps authn managedIdentity')),
  c('PoisonMessage', '$F', flowPair('process $A in Azure', 'process $B in Azure', 'protocol kafka'), flowPair('process $A in Azure', 'process $B in Azure', 'protocol https')),
  // LLM and agents
  c('PromptInjection', '$L', 'process $L in Azure { technology llm }', 'process $L in Azure { technology llm guardrails true }'),
  c('IndirectPromptInjection', '$L', 'store $S in Azure { storeType vectorDb }\nprocess $L in Azure { technology llm }\nflow $S -> $L', 'store $S in Azure { storeType sql }\nprocess $L in Azure { technology llm }\nflow $S -> $L'),
  c('LlmJailbreak', '$L', 'process $L in Azure { technology llm }', 'process $L in Azure { technology llm guardrails true }'),
  c('InsecureLlmOutputHandling', '$L', 'process $L in Azure { technology llm }\nprocess $P in Azure\nflow $L -> $P', 'process $L in Azure { technology llm outputValidation true }\nprocess $P in Azure\nflow $L -> $P'),
  c('ExcessiveAgency', '$L', 'process $L in Azure { technology agent }', 'process $L in Azure { technology agent humanApproval true }'),
  c('AgentActionsNotAttributable', '$L', 'process $L in Azure { technology agent }', 'process $L in Azure { technology agent auditLogging true }'),
  c('SensitiveDataToThirdPartyModel', '$L', 'process $L in Azure { technology llm thirdParty true handles [Secret] }', 'process $L in Azure { technology llm thirdParty true handles [Pub] }'),
  c('LlmDisclosesContext', '$L', 'process $L in Azure { technology llm }', 'process $L in Azure { technology llm thirdParty true }'),
  c('TrainingDataPoisoning', '$L', 'process $L in Azure { technology llm fineTuned true }', 'process $L in Azure { technology llm fineTuned false }'),
  c('UnboundedModelConsumption', '$L', 'process $L in Azure { technology llm }', 'process $L in Azure { technology llm rateLimit true }'),
  // identity (actors)
  c('UserAccountTakeover', '$U', 'user $U in Internet', 'user $U in Internet { authn mfa }'),
  c('ExternalSystemImpersonation', '$X', 'externalSystem $X in Partner { authn apiKey }', 'externalSystem $X in Partner { authn mtls }'),
  c('UnattributedActorActions', '$U', 'user $U in Internet\nprocess $P in Azure\nflow $U -> $P', 'user $U in Internet\nprocess $P in Azure { auditLogging true }\nflow $U -> $P'),
  // data stores
  c('StoreWithoutFineGrainedAuthorization', '$S', 'store $S in Azure', 'store $S in Azure { authz rbac }'),
  c('StoreCredentialTheft', '$S', 'store $S in Azure { encryptedAtRest true authn password }', 'store $S in Azure { encryptedAtRest true authn managedIdentity }'),
  c('StoreResourceExhaustion', '$S', 'process $P in Azure\nstore $S in Azure\nflow $P -> $S', 'process $P in Azure\nstore $S in Azure { queryLimits true }\nflow $P -> $S'),
  c('StoreChangesUnattributed', '$S', 'store $S in Azure', 'store $S in Azure { auditLogging true }'),
  // network (flows)
  c('TlsInterception', '$F', flowPair('process $A in Corp', 'process $B in Azure', 'protocol https'), flowPair('process $A in Corp', 'process $B in Azure', 'protocol https mtls true')),
  c('UnthrottledCrossBoundaryFlow', '$F', flowPair('process $A in Corp', 'process $B in Azure', 'protocol https'), flowPair('process $A in Corp', 'process $B in Azure { rateLimit true }', 'protocol https')),
  c('SynchronousDependencyFailure', '$F', flowPair('process $A in Azure', 'process $B in Azure', 'protocol https'), flowPair('process $A in Azure { timeouts true }', 'process $B in Azure', 'protocol https')),
  c('TrustedConnectionAbuse', '$F', flowPair('process $A in Azure', 'store $B in Azure', 'protocol tls authn managedIdentity'), flowPair('process $A in Azure', 'store $B in Azure { authz rbac }', 'protocol tls authn managedIdentity')),
  c('ForgedServiceRequests', '$F', flowPair('process $A in Azure', 'process $B in Azure', 'protocol https'), flowPair('process $A in Azure', 'process $B in Azure', 'protocol https authn managedIdentity')),
];

/** Rules that must not fire on managed platform services, checked on an identity provider exposed to the internet. */
export const SKIPS_MANAGED_SERVICES = ['InjectionFromInternet', 'UnauthenticatedInternetService', 'VerboseErrorsFromInternetService', 'InternetExposedWithoutWaf', 'InternetExposedWithoutRateLimit', 'ExposedProcessWithoutAuditLogging'];

/** The snippet of every case, prefixed so names do not clash: `$X` in case 12 becomes `R12_X`. */
export function caseModel(which: 'fires' | 'quiet'): string {
  return CASE_HEADER + RULE_CASES.map((k, i) => k[which].replace(/\$/g, `R${i}_`)).join('\n');
}

export const caseTarget = (i: number): string => RULE_CASES[i].target.replace(/\$/g, `R${i}_`);
