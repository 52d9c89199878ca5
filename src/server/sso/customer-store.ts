// A publisher's customers, found by email or external id. Created by the admin API or
// CLI, or on first use for the IdP's viewers when the publisher allows it.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';

export interface Customer {
  id: string;
  publisherId: string;
  email: string | null;
  externalId: string | null;
  claims: Record<string, unknown>;
}

type NewCustomer = { publisherId: string; email?: string | undefined; externalId?: string | undefined; claims?: Record<string, unknown> | undefined };

export class CustomerStore {
  constructor(private readonly db: Db) {}

  async find(publisherId: string, by: { email?: string | undefined; externalId?: string | undefined }): Promise<Customer | undefined> {
    let q = this.db.selectFrom('customers').selectAll().where('publisher_id', '=', publisherId);
    if (by.email) q = q.where('email', '=', by.email.toLowerCase());
    else if (by.externalId) q = q.where('external_id', '=', by.externalId);
    else return undefined;
    const row = await q.executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async findById(id: string): Promise<Customer | undefined> {
    const row = await this.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Adds a customer; undefined when one with this email or external id exists (the unique
   * indexes decide, so two instances racing on the same new customer never both insert).
   */
  async create(c: NewCustomer): Promise<Customer | undefined> {
    const row = {
      id: randomUUID(),
      publisher_id: c.publisherId,
      email: c.email?.toLowerCase() ?? null,
      external_id: c.externalId ?? null,
      claims: JSON.stringify(c.claims ?? {}),
      created_at: Date.now(),
    };
    const res = await this.db.insertInto('customers').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1 ? fromRow(row) : undefined;
  }

  /** Replaces a customer's claims (an IdP-vouched customer takes what its IdP asserts now). */
  async updateClaims(customer: Customer, claims: Record<string, unknown>): Promise<Customer> {
    await this.db.updateTable('customers').set({ claims: JSON.stringify(claims) }).where('id', '=', customer.id).execute();
    return { ...customer, claims };
  }

  /** The customer with c's email (else external id), created first when there is none: an upsert without a race. */
  async findOrCreate(c: NewCustomer): Promise<Customer> {
    const created = await this.create(c);
    if (created) return created;
    const found = await this.find(c.publisherId, c.email ? { email: c.email } : { externalId: c.externalId });
    if (found) return found;
    // The conflict was on the other unique key (same external id, another email): that one wins.
    const other = await this.find(c.publisherId, { externalId: c.externalId });
    if (!other) throw new Error('customer insert conflicted but no customer was found');
    return other;
  }
}

function fromRow(r: { id: string; publisher_id: string; email: string | null; external_id: string | null; claims: string }): Customer {
  return { id: r.id, publisherId: r.publisher_id, email: r.email, externalId: r.external_id, claims: JSON.parse(r.claims) as Record<string, unknown> };
}
