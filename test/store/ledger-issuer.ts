// A child process for ledger.concurrent.test.ts: opens the database named by argv (a SQLite path, or a
// PostgreSQL URL with the schema in argv[3], or -; argv[4] forward or reverse), prints "ready", waits for a line on stdin, then issues every
// (enrolment, period) of the database's enrolments for the months 2026-01 to 2026-10 as a use case would
// (claim, reserve serials, make the batch, append the issue event: one transaction each), and reserves 7
// serials under prefix Q after each. Prints one JSON line: how many claims it won and the Q ranges it got.
import { timeSortedIds } from '../../src/store/index.ts';
import { openRegistry } from '../../src/store/registry-port.ts';
import { issue, newIssuance } from './ledger-fixture.ts';

const [target = ':memory:', schema = '-', order = 'forward'] = process.argv.slice(2);
const opened = await openRegistry(target, schema === '-' ? {} : { schema });
const { registry } = opened;
const a = { ids: timeSortedIds(), by: `issuer-${process.pid}`, at: Date.UTC(2026, 10, 1) };
const pairs: Parameters<typeof newIssuance>[0][] = [];
for (const org of await registry.listOrganisations())
  for (const system of await registry.listSystems({ organisationId: org.id }))
    for (const enrolment of await registry.listEnrolments(system.id))
      for (let m = 0; m < 10; m++)
        pairs.push({
          enrolmentId: enrolment.id,
          systemId: system.id,
          accountId: org.defaultAccountId,
          period: `2026-${String(m + 1).padStart(2, '0')}`,
          periodStart: Date.UTC(2026, m, 1),
          periodEnd: Date.UTC(2026, m + 1, 1),
        });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
let claimed = 0;
const ranges: { first: number; last: number }[] = [];
// The second issuer goes backwards, so the two work on different pairs at once and meet half-way; a short
// pause between transactions lets the other process take the write lock (SQLite's busy wait is not fair).
if (order === 'reverse') pairs.reverse();
for (const p of pairs) {
  await new Promise((resolve) => setTimeout(resolve, 2));
  if ((await issue(registry, a, newIssuance(p))) !== undefined) claimed += 1;
  ranges.push(await registry.reserveSerials('Q', 7));
}
process.stdout.write(`${JSON.stringify({ pairs: pairs.length, claimed, ranges })}\n`);
await opened.close();
