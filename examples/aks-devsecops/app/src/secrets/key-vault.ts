/**
 * Loads the API's secrets from Azure Key Vault with the pod's workload identity: no secret is
 * baked into the image, the manifest or an environment variable.
 * @element Api
 * @boundary Payments
 */

export interface KeyVaultConfig {
  /** https://<vault>.vault.azure.net */
  vaultUrl: string;
  /** Token endpoint of the workload identity (federated credential exchanged by the platform). */
  tokenUrl: string;
}

interface CachedSecret {
  value: string;
  expiresAt: number;
}

/**
 * Secrets by name, fetched on first use and cached for five minutes, never logged.
 *
 * @mitigates ApiToVault.informationDisclosure by keyVaultSecrets secrets are read at runtime over https, never from env or files, and never logged
 * @mitigates ApiToVault.tampering by managedIdentity the vault is called with the pod's workload identity token
 */
export class SecretLoader {
  private readonly cache = new Map<string, CachedSecret>();

  constructor(
    private readonly config: KeyVaultConfig,
    private readonly http: typeof fetch = fetch,
  ) {}

  async get(name: string, now = Date.now()): Promise<string> {
    const hit = this.cache.get(name);
    if (hit && hit.expiresAt > now) return hit.value;
    if (!/^[0-9A-Za-z-]{1,127}$/.test(name)) throw new Error('invalid secret name');
    const token = await this.accessToken();
    const res = await this.http(`${this.config.vaultUrl}/secrets/${name}?api-version=7.4`, {
      headers: { authorization: `Bearer ${token}` },
    });
    // The response body may echo the secret; only the status is reported.
    if (!res.ok) throw new Error(`Key Vault returned ${res.status} for secret ${name}`);
    const body = (await res.json()) as { value?: string };
    if (typeof body.value !== 'string') throw new Error(`secret ${name} has no value`);
    this.cache.set(name, { value: body.value, expiresAt: now + 5 * 60_000 });
    return body.value;
  }

  private async accessToken(): Promise<string> {
    const res = await this.http(`${this.config.tokenUrl}?resource=https://vault.azure.net`, { headers: { metadata: 'true' } });
    if (!res.ok) throw new Error(`identity endpoint returned ${res.status}`);
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token) throw new Error('identity endpoint returned no token');
    return body.access_token;
  }
}
