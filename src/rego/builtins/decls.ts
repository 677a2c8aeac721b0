// Declarations of the host-served builtins added on top of host.ts's first set (implementations in
// crypto.ts, jwt.ts, net.ts, json-extra.ts, ... aggregated by extra.ts), and of the OPA builtins
// Warden does not implement: calling one of those is a compile error naming it, or (HOST_LEFT) a host
// call that Warden's own evaluator fails; never a wrong value.
// Kept free of implementation imports so the planner and type checker can load it cheaply.

/** name -> signature in signatures.ts's notation (types as opa capabilities declares them). */
export const EXTRA_SPECS: Record<string, string> = {
  // json
  'json.remove': 'o,aS -> o',
  'json.filter': 'o,aS -> o',
  'json.marshal_with_options': '*,o -> s',
  'json.verify_schema': 'so -> a',
  'json.match_schema': 'so,so -> a',
  'yaml.is_valid': 's -> b',
  // net
  'net.cidr_is_valid': 's -> b',
  'net.cidr_expand': 's -> S',
  'net.cidr_merge': 'aS -> S',
  'net.cidr_contains_matches': 'saoS,saoS -> S',
  // crypto
  'crypto.hmac.md5': 's,s -> s',
  'crypto.hmac.sha1': 's,s -> s',
  'crypto.hmac.sha256': 's,s -> s',
  'crypto.hmac.sha512': 's,s -> s',
  'crypto.hmac.equal': 's,s -> b',
  'crypto.x509.parse_rsa_private_key': 's -> o',
  'crypto.parse_private_keys': 's -> a',
  // jwt
  'io.jwt.decode': 's -> a',
  'io.jwt.decode_verify': 's,o -> a',
  'io.jwt.encode_sign': 'o,o,o -> s',
  'io.jwt.encode_sign_raw': 's,s,s -> s',
  'io.jwt.verify_hs256': 's,s -> b',
  'io.jwt.verify_hs384': 's,s -> b',
  'io.jwt.verify_hs512': 's,s -> b',
  'io.jwt.verify_rs256': 's,s -> b',
  'io.jwt.verify_rs384': 's,s -> b',
  'io.jwt.verify_rs512': 's,s -> b',
  'io.jwt.verify_ps256': 's,s -> b',
  'io.jwt.verify_ps384': 's,s -> b',
  'io.jwt.verify_ps512': 's,s -> b',
  'io.jwt.verify_es256': 's,s -> b',
  'io.jwt.verify_es384': 's,s -> b',
  'io.jwt.verify_es512': 's,s -> b',
  'io.jwt.verify_eddsa': 's,s -> b',
  // bits
  'bits.and': 'n,n -> n',
  'bits.or': 'n,n -> n',
  'bits.xor': 'n,n -> n',
  'bits.negate': 'n -> n',
  'bits.lsh': 'n,n -> n',
  'bits.rsh': 'n,n -> n',
  // strings, encodings
  'strings.split_n': 's,s,n -> a[s]',
  'strings.render_template': 's,o -> s',
  'base64url.encode_no_pad': 's -> s',
  'urlquery.decode': 's -> s',
  'urlquery.encode_object': 'o[saS] -> s',
  'urlquery.decode_object': 's -> o[a]',
  'uuid.parse': 's -> o',
  'uri.parse': 's -> o[s]',
  'uri.is_valid': 's -> b',
  'providers.aws.sign_req': 'o,o,n -> o',
  'rand.intn': 's,n -> n',
  // time
  'time.diff': 'na,na -> a',
  'time.format': 'na -> s',
  'time.parse_duration_ns': 's -> n',
  // regex
  'regex.template_match': 's,s,s,s -> b',
  // graphs
  'graph.reachable': 'o[aS],aS -> S',
  'graph.reachable_paths': 'o[aS],aS -> S',
  // graphql (builtins/graphql/)
  'graphql.parse_query': 's -> o',
  'graphql.parse_schema': 's -> o',
  'graphql.schema_is_valid': 'so -> b',
  'graphql.is_valid': 'so,so -> b',
  'graphql.parse_and_verify': 'so,so -> a',
  'graphql.parse': 'so,so -> a',
};

/** OPA builtins Warden rejects at compile time, with the reason shown in the diagnostic. */
export const UNSUPPORTED: Record<string, string> = {
  'http.send': 'policies compiled by Warden evaluate without network access',
  'net.lookup_ip_addr': 'policies compiled by Warden evaluate without network access (no DNS)',
  'opa.runtime': "it describes the opa process (environment, configuration), which Warden's evaluator does not have",
  'regex.globs_match': "opa answers it with a glob-intersection library's heuristic, not the exact intersection of the two languages, so an exact answer would differ from opa's (see docs/rego-compiler.md)",
  'rego.parse_module': 'it returns opa\'s own AST, which Warden does not reproduce',
  'rego.metadata.chain': 'rule metadata is not available at evaluation time',
  'rego.metadata.rule': 'rule metadata is not available at evaluation time',
  'internal.test_case': 'internal to opa test',
  'crypto.x509.parse_certificates': "it returns Go's x509.Certificate structure, which Warden does not reproduce",
  'crypto.x509.parse_and_verify_certificates': "it returns Go's x509.Certificate structure, which Warden does not reproduce",
  'crypto.x509.parse_and_verify_certificates_with_options': "it returns Go's x509.Certificate structure, which Warden does not reproduce",
  'crypto.x509.parse_certificate_request': "it returns Go's x509.CertificateRequest structure, which Warden does not reproduce",
  'crypto.x509.parse_keypair': "it returns Go's tls.Certificate structure, which Warden does not reproduce",
};

/**
 * The builtins of UNSUPPORTED that OPA's own Wasm leaves to its host too: a module calls them as
 * host builtins, so a host that provides one (the stock SDK's customBuiltins) serves it, as it would
 * for OPA's module. Warden's own evaluator fails any evaluation that reaches one (host.ts), and the
 * compiler warns at each call (plan.ts). The rest of UNSUPPORTED is resolved by opa's compiler
 * (rego.metadata.*) or internal to opa test, so a call of one stays a compile error.
 */
export const HOST_LEFT = new Set([
  'http.send', 'net.lookup_ip_addr', 'opa.runtime', 'regex.globs_match', 'rego.parse_module',
  'crypto.x509.parse_certificates', 'crypto.x509.parse_and_verify_certificates',
  'crypto.x509.parse_and_verify_certificates_with_options', 'crypto.x509.parse_certificate_request',
  'crypto.x509.parse_keypair',
]);

/** The arity of each builtin in UNSUPPORTED (opa's capabilities), so that a call with an output
 * argument (`http.send(req, resp)`) reports the builtin, not its output as an unsafe var. */
export const UNSUPPORTED_ARITY: Record<string, number> = {
  'http.send': 1, 'net.lookup_ip_addr': 1, 'opa.runtime': 0,
  'regex.globs_match': 2, 'rego.parse_module': 2, 'rego.metadata.chain': 0, 'rego.metadata.rule': 0,
  'graphql.parse': 2, 'graphql.parse_query': 1, 'graphql.parse_schema': 1, 'graphql.parse_and_verify': 2,
  'graphql.is_valid': 2, 'graphql.schema_is_valid': 1, 'internal.test_case': 1,
  'crypto.x509.parse_certificates': 1, 'crypto.x509.parse_and_verify_certificates': 1,
  'crypto.x509.parse_and_verify_certificates_with_options': 2, 'crypto.x509.parse_certificate_request': 1,
  'crypto.x509.parse_keypair': 2,
};

/**
 * Host builtins whose plain name the opa-wasm SDK serves itself (its table is consulted before the
 * caller's): Warden's module declares them under a prefixed name so that Warden's implementation runs.
 * (regex.split now runs inside the module; the name stays for modules compiled before, which import it.)
 */
const SDK_SHADOWED = new Set(['regex.split', 'yaml.is_valid', 'yaml.marshal', 'yaml.unmarshal']);

/** The name a host builtin is called by in the module (and looked up by in hostBuiltins). */
export function hostCallName(name: string): string {
  return SDK_SHADOWED.has(name) ? `warden.${name}` : name;
}

export const EXTRA_HOST_ARITY: Record<string, number> = Object.fromEntries(
  Object.entries(EXTRA_SPECS).map(([name, spec]) => {
    const args = spec.split('->')[0]!.trim();
    return [name, args === '' ? 0 : args.split(',').length];
  }),
);
