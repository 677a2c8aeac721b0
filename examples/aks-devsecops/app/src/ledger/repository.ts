/**
 * The ledger repository: the only code that writes payments to the ledger store.
 * @element Ledger
 * @boundary Azure
 */

export interface Payment {
  id: string;
  merchant: string;
  amountMinor: number;
  currency: 'EUR' | 'USD' | 'GBP';
}

/** The subset of the Cosmos DB SQL client the repository needs; queries are always parameterised. */
export interface LedgerClient {
  query<T>(sql: string, parameters: ReadonlyArray<{ name: string; value: string | number }>): Promise<T[]>;
  create<T extends { id: string }>(item: T, options: { ifNoneMatch: '*' }): Promise<void>;
}

export interface AuditSink {
  record(event: { action: string; subject: string; target: string; at: string }): void;
}

const PAYMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class LedgerRepository {
  constructor(
    private readonly client: LedgerClient,
    private readonly audit: AuditSink,
  ) {}

  /**
   * Appends a payment. Entries are never updated or deleted: a create that finds the id taken fails.
   *
   * @mitigates tampering by inputValidation amounts, currencies and ids are validated; queries are parameterised; entries are append-only
   * @mitigates repudiation by auditLogging every write is recorded with the caller's subject
   */
  async append(payment: Payment, subject: string, now = new Date()): Promise<void> {
    if (!PAYMENT_ID.test(payment.id)) throw new Error('invalid payment id');
    if (!Number.isSafeInteger(payment.amountMinor) || payment.amountMinor <= 0) throw new Error('invalid amount');
    await this.client.create({ ...payment, recordedAt: now.toISOString(), recordedBy: subject }, { ifNoneMatch: '*' });
    this.audit.record({ action: 'ledger.append', subject, target: payment.id, at: now.toISOString() });
  }

  /**
   * Payments of one merchant, newest first, at most `limit` (capped at 100).
   * @exposes informationDisclosure severity medium results are not filtered by the caller's merchant: the handler must pass its own
   */
  async byMerchant(merchant: string, limit = 20): Promise<Payment[]> {
    return this.client.query<Payment>('SELECT * FROM p WHERE p.merchant = @merchant ORDER BY p.recordedAt DESC OFFSET 0 LIMIT @limit', [
      { name: '@merchant', value: merchant },
      { name: '@limit', value: Math.min(Math.max(1, limit), 100) },
    ]);
  }
}
