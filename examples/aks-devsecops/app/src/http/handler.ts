/**
 * The Payments API's HTTP handler.
 * @element Api
 * @boundary Payments
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { verifyToken, type TokenPolicy } from '../auth/verify-token.js';
import type { LedgerRepository, Payment } from '../ledger/repository.js';
import { Threats } from '../threats.js';

/** Largest request body accepted, in bytes. */
const MAX_BODY = 16 * 1024;
const CURRENCIES = new Set(['EUR', 'USD', 'GBP']);

export interface HandlerDeps {
  policy: TokenPolicy;
  ledger: LedgerRepository;
  log: (line: string) => void;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Reads the body up to MAX_BODY bytes, then stops reading.
 * @mitigates IngressController->Api.denialOfService by rateLimit request bodies are capped; the gateway rate-limits per client
 */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses and validates a payment request; anything unexpected is refused, not repaired. */
function parsePayment(text: string, merchant: string): Payment | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const v = value as Partial<Payment>;
  if (typeof v.amountMinor !== 'number' || typeof v.currency !== 'string' || !CURRENCIES.has(v.currency)) return undefined;
  return { id: randomUUID(), merchant, amountMinor: v.amountMinor, currency: v.currency as Payment['currency'] };
}

export class PaymentsController {
  constructor(private readonly deps: HandlerDeps) {}

  /**
   * POST /payments and GET /payments for the calling merchant.
   *
   * @mitigates {@link Threats.IngressController_to_Api_tampering} by inputValidation request bodies are parsed strictly and size-limited
   * @mitigates {@link Threats.Api_informationDisclosure_SensitiveDataInLogs} errors are logged with a correlation id and the merchant, never the request body
   */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const verdict = auth.startsWith('Bearer ') ? verifyToken(auth.slice(7), this.deps.policy) : { ok: false as const, reason: 'no token' };
    if (!verdict.ok) return send(res, 401, { error: 'unauthorized' });
    const merchant = verdict.principal.subject;
    try {
      if (req.method === 'POST' && req.url === '/payments') {
        if (!verdict.principal.scopes.includes('payments.write')) return send(res, 403, { error: 'forbidden' });
        const text = await readBody(req);
        if (text === undefined) return send(res, 413, { error: 'too large' });
        const payment = parsePayment(text, merchant);
        if (!payment) return send(res, 400, { error: 'invalid payment' });
        await this.deps.ledger.append(payment, merchant);
        return send(res, 201, { id: payment.id });
      }
      if (req.method === 'GET' && req.url === '/payments') {
        // The repository does not filter by caller: the merchant comes from the verified token only.
        return send(res, 200, await this.deps.ledger.byMerchant(merchant));
      }
      return send(res, 404, { error: 'not found' });
    } catch (err) {
      // @mitigates repudiation by auditLogging failures are logged with the caller and a correlation id
      const correlation = randomUUID();
      this.deps.log(`payments error ${correlation} merchant=${merchant}: ${(err as Error).message}`);
      return send(res, 500, { error: 'internal error', correlation });
    }
  }
}

/** The threat this module's token check answers, for dashboards that link code to the model. */
export const answers = [Threats.Api_spoofing] as const;
