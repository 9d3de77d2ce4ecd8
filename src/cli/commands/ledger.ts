import { renameSync, writeFileSync } from 'node:fs';
import { Argument, Option, type Command } from 'commander';
import type { ResultOf } from '../../app/index.ts';
import { checkLines, errorLead } from '../checks-output.ts';
import {
  emit,
  fmt,
  inputOf,
  NotClean,
  parseInteger,
  withDb,
  type CliContext,
  type CommandModule,
  type DbOptions,
} from '../context.ts';
import { runCase } from '../run.ts';

// The certificate commands (issue 10): accounts, issuance, attestation, the ledger (transfer, retire,
// withdraw, verify) and the registry exports. Each takes --db (else TREC_DB, else ./data/trec.db) and --json.

type Common = DbOptions;

const indented = (checks: Parameters<typeof checkLines>[0]) => checkLines(checks).map((l) => `  ${l}`);
const mwh = (wh: number) => `${fmt(wh / 1_000_000, 3)} MWh`;

type Batch = ResultOf<'certificates'>['batches'][number];
const serial = (b: Batch) =>
  `${b.serialPrefix}/${String(b.first).padStart(6, '0')}..${String(b.last).padStart(6, '0')}`;
const batchLine = (b: Batch) =>
  `${b.id}  ${serial(b)}  ${fmt(b.quantity, 0)} ${b.unit}  ${b.status}  account ${b.accountId}${b.beneficiary ? `  for ${b.beneficiary}` : ''}`;

function accountCommand(program: Command, ctx: CliContext): void {
  const account = program.command('account').description('Accounts: the holdings of an organisation.');
  withDb(
    account
      .command('add')
      .description('Add an account to an organisation (each organisation also has a default account).')
      .requiredOption('--org <id|name>', 'the organisation')
      .requiredOption('--name <name>', 'the account name (unique in the organisation)'),
  ).action(async (o: Common & { org: string; name: string }) => {
    const outcome = await runCase(ctx.app, 'accountAdd', inputOf(o));
    const a = outcome.result.account;
    emit(
      ctx,
      o.json,
      ctx.app.present('accountAdd', outcome),
      () => `account ${a.id} "${a.name}" added to organisation ${a.organisationId}`,
    );
  });
  withDb(
    account
      .command('allow')
      .description("Accept transfers from another organisation's account without asking each time.")
      .requiredOption('--account <id>', 'the receiving account')
      .requiredOption('--from <id>', 'the sending account'),
  ).action(async (o: Common & { account: string; from: string }) => {
    const outcome = await runCase(ctx.app, 'accountAllow', inputOf(o));
    const a = outcome.result.account;
    emit(
      ctx,
      o.json,
      ctx.app.present('accountAllow', outcome),
      () => `account ${a.id} now accepts transfers from ${o.from} without asking`,
    );
  });
}

function issueHuman(r: ResultOf<'issue'>): string {
  const lines: string[] = [
    `${r.dryRun ? 'would issue (dry run, nothing changed)' : 'issued'}${r.period ? ` for ${r.period}` : " by each program's cadence"}: ${r.issued.length} enrolment${r.issued.length === 1 ? '' : 's'}, ${r.held.length} held, ${r.alreadyIssued.length} already issued`,
  ];
  for (const l of r.issued) {
    lines.push(
      `  ${l.enrolment.id} (system ${l.system.name}) ${l.period}: ${mwh(l.generation.energyWh)}${l.adjustmentWh ? ` + ${mwh(l.adjustmentWh)} prior-period adjustment` : ''} + ${mwh(l.remainderInWh)} carried in -> ${fmt(l.certificates, 0)} certificate${l.certificates === 1 ? '' : 's'} of 1 ${l.unit}, ${mwh(l.remainderOutWh)} carried forward${l.serialFirst ? `; serials ${l.serialFirst} to ${l.serialLast}` : ''}`,
    );
    lines.push(...indented(l.checks).map((x) => `  ${x}`));
  }
  for (const h of r.held)
    lines.push(`  held: ${h.enrolment.id} (system ${h.system.name}) ${h.period}: ${h.reason}`);
  for (const a of r.alreadyIssued) lines.push(`  already issued: ${a.enrolment.id} ${a.period}`);
  lines.push(...checkLines(r.checks));
  return lines.join('\n');
}

function issueCommand(program: Command, ctx: CliContext): void {
  withDb(
    program
      .command('issue')
      .description(
        "Issue each enrolment's certificates for a reporting period: metered energy (never under an error\n" +
          "check; held below the data-coverage threshold) or the program's prescriptive method, whole\n" +
          'certificates with the remainder carried forward. Each enrolment and period is issued once.',
      )
      .option(
        '--period <period>',
        "YYYY-MM or YYYY-Qn (default: each program's cadence, the last period ended)",
      )
      .option('--program <id>', 'only enrolments in this program')
      .option('--dry-run', 'print what would be issued and why; change nothing'),
  ).action(async (o: Common & { period?: string; program?: string; dryRun?: boolean }) => {
    const outcome = await runCase(ctx.app, 'issue', inputOf(o));
    emit(ctx, o.json, ctx.app.present('issue', outcome), () => issueHuman(outcome.result));
  });
  withDb(
    program
      .command('attest')
      .description(
        "Record an independent monitor's attestation of an enrolment's period (New Hampshire needs one).",
      )
      .requiredOption('--enrolment <id>', 'the enrolment')
      .requiredOption('--period <period>', 'YYYY-MM or YYYY-Qn')
      .requiredOption('--by <name>', 'the independent monitor')
      .option('--note <text>', 'what was checked'),
  ).action(async (o: Common & { enrolment: string; period: string; by: string; note?: string }) => {
    const outcome = await runCase(ctx.app, 'attest', inputOf(o));
    const a = outcome.result.attestation;
    emit(
      ctx,
      o.json,
      ctx.app.present('attest', outcome),
      () => `${a.period} of enrolment ${a.enrolmentId} attested by ${a.by}`,
    );
  });
}

function certificatesCommand(program: Command, ctx: CliContext): void {
  // `trec certificates [--account ...]` lists (the default subcommand), `trec certificates show B` shows one:
  // each subcommand has its own --db and --json, so neither takes the other's.
  const certs = program
    .command('certificates')
    .description('Certificate batches: list them, or show one (with --verify, recompute it).');
  withDb(
    certs
      .command('list', { isDefault: true })
      .description('List certificate batches (split parents only with --status split).')
      .option('--account <id>', 'only this account')
      .addOption(
        new Option('--status <status>', 'only this status').choices([
          'active',
          'pending',
          'retired',
          'withdrawn',
          'split',
        ]),
      ),
  ).action(async (o: Common & { account?: string; status?: 'active' }) => {
    const outcome = await runCase(ctx.app, 'certificates', inputOf(o));
    const r = outcome.result;
    emit(ctx, o.json, ctx.app.present('certificates', outcome), () =>
      r.batches.length ? r.batches.map(batchLine).join('\n') : '(no certificate batches)',
    );
  });
  withDb(
    certs
      .command('show')
      .description('One batch: serials, status, issuance, provenance; --verify recomputes the generation.')
      .argument('<batch>', 'the batch id')
      .option('--verify', 'recompute the generation from the stored data and rule version'),
  ).action(async (batch: string, o: Common & { verify?: boolean }) => {
    const outcome = await runCase(ctx.app, 'certificateShow', { ...inputOf(o), batch });
    const r = outcome.result;
    emit(ctx, o.json, ctx.app.present('certificateShow', outcome), () =>
      [
        ...errorLead(r.checks),
        batchLine(r.batch),
        `  issued ${new Date(r.issuance.createdAt).toISOString()} by ${r.issuance.createdBy}: ${r.issuance.period} of enrolment ${r.issuance.enrolmentId} (system ${r.issuance.systemId}), ${r.issuance.programId} ${r.issuance.programVersion}, ${r.issuance.method}, ${mwh(r.issuance.energyWh)}, code ${r.issuance.codeVersion}`,
        ...r.transfers.map((t) => `  transfer ${t.id}: ${t.fromAccountId} -> ${t.toAccountId} ${t.status}`),
        ...(r.verification
          ? [
              r.verification.reproduced
                ? '  verified: the recomputed generation reproduces the batch exactly'
                : `  NOT REPRODUCED: ${r.verification.differences.join('; ')}`,
            ]
          : []),
        ...checkLines(r.checks),
      ].join('\n'),
    );
    if (r.verification && !r.verification.reproduced) throw new NotClean('the batch is not reproduced');
  });
}

function transferCommand(program: Command, ctx: CliContext): void {
  withDb(
    program
      .command('transfer')
      .description(
        'Transfer all or part of a batch to another account (trec transfer BATCH --to ACCOUNT [--quantity N]);\n' +
          "a transfer to another organisation's account waits until it is accepted: trec transfer\n" +
          'accept|reject ID (the receiver) or trec transfer withdraw ID (the sender).',
      )
      .summary('Transfer all or part of a batch to another account; accept, reject or withdraw a pending one')
      .argument('<batch|decision>', 'the batch id, or accept, reject, withdraw')
      .argument('[transfer]', 'the transfer id (with accept, reject, withdraw)')
      .option('--to <account>', 'the receiving account')
      .option('--quantity <n>', 'how many certificates (default: the whole batch)', parseInteger),
  ).action(
    async (
      first: string,
      transferId: string | undefined,
      o: Common & { to?: string; quantity?: number },
      command: Command,
    ) => {
      if (first === 'accept' || first === 'reject' || first === 'withdraw') {
        if (!transferId) command.error(`error: trec transfer ${first} needs the transfer id`);
        if (o.to !== undefined || o.quantity !== undefined)
          command.error(`error: --to and --quantity are for a new transfer, not with ${first}`);
        const outcome = await runCase(ctx.app, 'transferDecide', {
          ...inputOf(o),
          transfer: transferId,
          decision: first,
        });
        const t = outcome.result.transfer;
        emit(
          ctx,
          o.json,
          ctx.app.present('transferDecide', outcome),
          () =>
            `transfer ${t.id} ${t.status}: batch ${t.batchId} is now in account ${outcome.result.batch.accountId}`,
        );
        return;
      }
      if (transferId)
        command.error(
          `error: unexpected argument ${transferId} (a new transfer is trec transfer BATCH --to ACCOUNT)`,
        );
      if (o.to === undefined) command.error("error: required option '--to <account>' not specified");
      const outcome = await runCase(ctx.app, 'transfer', { ...inputOf(o), to: o.to, batch: first });
      const r = outcome.result;
      emit(ctx, o.json, ctx.app.present('transfer', outcome), () =>
        [
          r.transfer
            ? `transfer ${r.transfer.id} pending: batch ${r.batch.id} (${fmt(r.batch.quantity, 0)} ${r.batch.unit}) waits for account ${r.transfer.toAccountId} to accept`
            : `batch ${r.batch.id} (${fmt(r.batch.quantity, 0)} ${r.batch.unit}) transferred to account ${r.batch.accountId}`,
          ...indented(r.checks),
        ].join('\n'),
      );
    },
  );
  withDb(
    program
      .command('transfers')
      .description('List transfers (pending ones wait for the receiver).')
      .option('--account <id>', 'only transfers from or to this account')
      .addOption(
        new Option('--status <status>', 'only this status').choices([
          'pending',
          'accepted',
          'rejected',
          'withdrawn',
        ]),
      ),
  ).action(async (o: Common & { account?: string; status?: 'pending' }) => {
    const outcome = await runCase(ctx.app, 'transfers', inputOf(o));
    const r = outcome.result;
    emit(ctx, o.json, ctx.app.present('transfers', outcome), () =>
      r.transfers.length
        ? r.transfers
            .map((t) => `${t.id}  batch ${t.batchId}  ${t.fromAccountId} -> ${t.toAccountId}  ${t.status}`)
            .join('\n')
        : '(no transfers)',
    );
  });
}

function retireCommand(program: Command, ctx: CliContext): void {
  withDb(
    program
      .command('retire')
      .description('Retire all or part of a batch for a beneficiary; final (it can never move again).')
      .argument('<batch>', 'the batch id')
      .option('--quantity <n>', 'how many certificates (default: the whole batch)', parseInteger)
      .requiredOption('--beneficiary <text>', 'for whom')
      .requiredOption('--reason <text>', 'why (compliance, voluntary claim ...)')
      .option('--claim-period <period>', 'the period the retirement claims (YYYY-MM or YYYY-Qn)'),
  ).action(
    async (
      batch: string,
      o: Common & { quantity?: number; beneficiary: string; reason: string; claimPeriod?: string },
    ) => {
      const outcome = await runCase(ctx.app, 'retire', { ...inputOf(o), batch });
      const b = outcome.result.batch;
      emit(
        ctx,
        o.json,
        ctx.app.present('retire', outcome),
        () => `batch ${b.id} retired: ${fmt(b.quantity, 0)} ${b.unit} for ${b.beneficiary ?? ''}`,
      );
    },
  );
  withDb(
    program
      .command('withdraw')
      .description('Withdraw a batch from circulation, with the reason; final.')
      .argument('<batch>', 'the batch id')
      .requiredOption('--reason <text>', 'why'),
  ).action(async (batch: string, o: Common & { reason: string }) => {
    const outcome = await runCase(ctx.app, 'withdraw', { ...inputOf(o), batch });
    const b = outcome.result.batch;
    emit(
      ctx,
      o.json,
      ctx.app.present('withdraw', outcome),
      () => `batch ${b.id} withdrawn: ${fmt(b.quantity, 0)} ${b.unit}`,
    );
  });
}

function ledgerCommand(program: Command, ctx: CliContext): void {
  const ledger = program.command('ledger').description('The certificate ledger: its hash-chained events.');
  withDb(
    ledger
      .command('verify')
      .description(
        'Recompute the event chain and every balance; exit 3 naming the first event that does not match.',
      ),
  ).action(async (o: Common) => {
    const outcome = await runCase(ctx.app, 'ledgerVerify', inputOf(o));
    const r = outcome.result;
    emit(ctx, o.json, ctx.app.present('ledgerVerify', outcome), () =>
      [
        r.ok
          ? `ledger verified: ${fmt(r.events, 0)} events, every hash and balance recomputes`
          : `LEDGER BROKEN: ${r.firstBroken ? `${r.firstBroken.seq === null ? '' : `event ${r.firstBroken.seq}: `}${r.firstBroken.reason}` : ''}`,
        ...r.problems.slice(1, 20).map((p) => `  also: ${p}`),
        ...r.balances.map(
          (b) =>
            `  account ${b.accountId}: ${fmt(b.active, 0)} ${b.unit} active, ${fmt(b.pending, 0)} pending, ${fmt(b.retired, 0)} retired`,
        ),
      ].join('\n'),
    );
    if (!r.ok) throw new NotClean('the ledger does not verify');
  });
}

function exportCommand(program: Command, ctx: CliContext): void {
  withDb(
    program
      .command('export')
      .description(
        "Generation per registry unit and month from the issued periods, in the registry's upload layout\n" +
          '(docs/exports.md): nepool-gis, m-rets or gats. Text cells are protected against formula injection.',
      )
      .addArgument(new Argument('<format>', 'the registry layout').choices(['nepool-gis', 'm-rets', 'gats']))
      .requiredOption('--period <period>', 'YYYY-MM or YYYY-Qn')
      .option('--out <file>', 'write the file here (default: stdout)'),
  ).action(async (format: 'gats', o: Common & { period: string; out?: string }) => {
    const { out, ...rest } = o;
    const outcome = await runCase(ctx.app, 'export', { ...inputOf(rest), format });
    const r = outcome.result;
    if (out !== undefined) {
      // Whole or not at all: written beside the target, then renamed over it.
      const partial = `${out}.partial-${process.pid}`;
      writeFileSync(partial, r.text);
      renameSync(partial, out);
      emit(ctx, o.json, { ...ctx.app.present('export', outcome), text: undefined, out }, () =>
        [
          `${r.format} export of ${r.period}: ${fmt(r.rows, 0)} rows from ${fmt(r.issuances, 0)} issuances written to ${out}`,
          ...checkLines(r.checks),
        ].join('\n'),
      );
    } else if (o.json) emit(ctx, true, ctx.app.present('export', outcome), () => '');
    else {
      ctx.io.stdout(r.text);
      for (const l of checkLines(r.checks)) ctx.io.stderr(`${l}\n`);
    }
    if (r.checks.some((c) => c.severity === 'error')) throw new NotClean('some rows could not be exported');
  });
}

/** The certificate commands, in the order `trec --help` lists them. */
export const ledgerCommands: CommandModule[] = [
  accountCommand,
  issueCommand,
  certificatesCommand,
  transferCommand,
  retireCommand,
  ledgerCommand,
  exportCommand,
];
