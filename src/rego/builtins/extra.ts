// Host builtins added beyond host.ts's first set, one file per area; declared in decls.ts.
import { jsonExtraBuiltins } from './json-extra.js';
import { netBuiltins } from './net.js';
import { encodingBuiltins, urlBuiltins, miscBuiltins, resetEvaluationState as resetMisc } from './misc.js';
import { semverBuiltins } from './semver.js';
import { jwtBuiltins } from './jwt.js';
import { regexBuiltins } from './regex.js';
import { globMatch } from './glob.js';
import { timeBuiltins } from './time-extra.js';
import { graphBuiltins, walk } from './graph.js';
import { renderTemplate } from './template.js';
import { parsePrivateKeys, parseRsaPrivateKey } from './keys.js';
import { signReq } from './aws.js';
import { uriBuiltins } from './gourl.js';
import { jsonSchemaBuiltins } from './jsonschema.js';

/** opa reads the clock once per query: time.now_ns and the default time of io.jwt.decode_verify agree. */
let now: number | undefined;
const nowNs = (): number => (now ??= Date.now() * 1e6);

export const extraHostBuiltins: Record<string, (...args: any[]) => unknown> = {
  ...jsonExtraBuiltins,
  ...netBuiltins,
  ...miscBuiltins,
  ...encodingBuiltins,
  ...urlBuiltins,
  ...semverBuiltins,
  ...jwtBuiltins(nowNs),
  ...regexBuiltins,
  'glob.match': globMatch,
  ...timeBuiltins,
  ...graphBuiltins,
  ...uriBuiltins,
  ...jsonSchemaBuiltins,
  walk,
  'strings.render_template': renderTemplate,
  'crypto.x509.parse_rsa_private_key': parseRsaPrivateKey,
  'crypto.parse_private_keys': parsePrivateKeys,
  'providers.aws.sign_req': signReq,
  'time.now_ns': nowNs,
};

/** Called before each evaluation: builtins that answer the same within one query forget their answers. */
export function resetEvaluationState(): void {
  now = undefined;
  resetMisc();
}
