// The ledger under the tenant scope, in the application layer (no HTTP): `transferSide` names which side
// of a transfer an actor is on, and the scoped ledger shows another organisation's account as an address
// whose allow-list holds only the actor's own accounts (so a receiver's allow-list is honoured for the
// sender without telling it whom else the receiver allows). A temp SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  scopeRegistry,
  transferSide,
  type Actor,
  type Registry,
  type Role,
  type TransferRecord,
} from '../../src/app/index.ts';
import { apiOn, world, type TestApi, type World } from './helpers.ts';

describe('the ledger under the tenant scope', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trec-scope-ledger-'));
  let t: TestApi;
  let w: World;
  let registry: Registry;
  let orgC: string;
  let a: string;
  let b: string;
  let c: string;
  beforeAll(async () => {
    t = apiOn(join(dir, 'scope.db'));
    w = await world(t);
    registry = await t.app.ports.registry!.open(undefined);
    const made = t.app.present('orgAdd', await t.app.run('orgAdd', { name: 'Harbor Buyer' })) as {
      id: string;
      default_account_id: string;
    };
    orgC = made.id;
    a = w.orgs.a.default_account_id as string;
    b = w.orgs.b.default_account_id as string;
    c = made.default_account_id;
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const actor = (role: Role, organisationId: string | null, systemIds: string[] | null = null): Actor => ({
    organisationId,
    role,
    tokenId: `tok_${role}`,
    systemIds,
  });
  const transfer = (from: string, to: string): TransferRecord => ({
    id: 'trf_test',
    batchId: 'bat_test',
    fromAccountId: from,
    toAccountId: to,
    status: 'pending',
    createdBy: 'test',
    createdAt: 0,
    decidedBy: null,
    decidedAt: null,
  });

  it('transferSide: sender, receiver, both (the operator, the CLI, one organisation), none', async () => {
    const aToB = transfer(a, b);
    const orgA = w.orgs.a.id as string;
    const orgB = w.orgs.b.id as string;
    expect(await transferSide(registry, actor('aggregator', orgA), aToB)).toBe('sender');
    expect(await transferSide(registry, actor('aggregator', orgB), aToB)).toBe('receiver');
    expect(await transferSide(registry, actor('aggregator', orgC), aToB)).toBe('none');
    expect(await transferSide(registry, actor('admin', null), aToB)).toBe('both');
    expect(await transferSide(registry, undefined, aToB)).toBe('both');
    const within = t.app.present(
      'accountAdd',
      await t.app.run('accountAdd', { org: orgA, name: 'Trading' }),
    ) as {
      id: string;
    };
    expect(await transferSide(registry, actor('aggregator', orgA), transfer(a, within.id))).toBe('both');
    // Through the scoped registry too (how the transferDecide use case asks).
    const scoped = scopeRegistry(registry, actor('aggregator', orgB));
    expect(await transferSide(scoped, actor('aggregator', orgB), aToB)).toBe('receiver');
  });

  it("another organisation's account: an address, allowing only the asker's own accounts", async () => {
    await registry.allowTransfers(
      { by: 'test', at: 0, ids: t.app.ports.ids! },
      { accountId: b, fromAccountId: a },
    );
    await registry.allowTransfers(
      { by: 'test', at: 0, ids: t.app.ports.ids! },
      { accountId: b, fromAccountId: c },
    );
    const seen = async (who: Actor) => (await scopeRegistry(registry, who).getAccount(b))?.allowsFrom;
    expect(await seen(actor('aggregator', w.orgs.a.id as string))).toEqual([a]);
    expect(await seen(actor('aggregator', orgC))).toEqual([c]);
    expect((await seen(actor('aggregator', w.orgs.b.id as string)))?.sort()).toEqual([a, c].sort());
    expect(await seen(actor('viewer', w.orgs.a.id as string))).toEqual([a]);
    // A monitor holds nothing and sees no account.
    expect(await seen(actor('monitor', w.orgs.a.id as string, [w.systems.b.id as string]))).toBeUndefined();
    // Allowing on another organisation's account is refused as an unknown account.
    await expect(
      scopeRegistry(registry, actor('aggregator', orgC)).allowTransfers(
        { by: 'test', at: 0, ids: t.app.ports.ids! },
        { accountId: b, fromAccountId: c },
      ),
    ).rejects.toThrow(/no account/);
  });
});
