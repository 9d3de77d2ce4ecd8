import type { Command } from 'commander';
import { DB_HELP, emit, type CommandModule } from '../context.ts';
import { runCase } from '../run.ts';

// `trec tokens create|revoke|list` (issue 11): API tokens for `trec serve`. A token is shown once, when it
// is made; the database keeps only its SHA-256 (docs/api.md "Authentication").

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const tokensCommand: CommandModule = (program, ctx) => {
  const tokens: Command = program
    .command('tokens')
    .description('API tokens for `trec serve`: create (shown once), revoke, list');
  tokens
    .command('create')
    .description('Make an API token for an organisation and role; it is printed once, never stored')
    .option('--org <id|name>', 'the organisation the token acts for (an admin token may have none)')
    .requiredOption('--role <role>', 'admin, aggregator, installer, monitor or viewer')
    .option('--expires <date>', 'YYYY-MM-DD (00:00 UTC) or an ISO 8601 instant; default: never')
    .option('--system <id>', "a monitor's assigned system (repeat for several)", collect)
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON: {"id", "token", ...}')
    .action(
      async (o: {
        org?: string;
        role: string;
        expires?: string;
        system?: string[];
        db?: string;
        json?: boolean;
      }) => {
        const outcome = await runCase(
          ctx.app,
          'tokenCreate',
          {
            role: o.role as 'viewer',
            ...(o.org === undefined ? {} : { org: o.org }),
            ...(o.expires === undefined ? {} : { expires: o.expires }),
            ...(o.system === undefined ? {} : { systems: o.system }),
            ...(o.db === undefined ? {} : { db: o.db }),
          },
          { systems: '--system' },
        );
        const r = outcome.result;
        emit(ctx, o.json, ctx.app.present('tokenCreate', outcome), () =>
          [
            `token ${r.record.id} (${r.record.role}${r.record.organisationId ? ` of ${r.record.organisationId}` : ''}${
              r.record.expiresAt === null ? '' : `, expires ${new Date(r.record.expiresAt).toISOString()}`
            })`,
            r.token,
            'This is the only time the token is shown: only its SHA-256 is stored.',
          ].join('\n'),
        );
      },
    );
  tokens
    .command('revoke')
    .description('Revoke an API token: it is refused from then on')
    .argument('<id>', 'the token id (tok_...)')
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (id: string, o: { db?: string; json?: boolean }) => {
      const outcome = await runCase(
        ctx.app,
        'tokenRevoke',
        { id, ...(o.db === undefined ? {} : { db: o.db }) },
        { id: '<id>' },
      );
      emit(ctx, o.json, ctx.app.present('tokenRevoke', outcome), () => `revoked ${outcome.result.record.id}`);
    });
  tokens
    .command('list')
    .description('List the API tokens (never a token itself)')
    .option('--db <file|url>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const outcome = await runCase(ctx.app, 'tokens', o.db === undefined ? {} : { db: o.db });
      emit(
        ctx,
        o.json,
        ctx.app.present('tokens', outcome),
        () =>
          outcome.result.tokens
            .map(
              (t) =>
                `${t.id}  ${t.role.padEnd(10)} ${t.organisationId ?? '(all organisations)'}${t.revokedAt === null ? '' : '  revoked'}${
                  t.expiresAt === null ? '' : `  expires ${new Date(t.expiresAt).toISOString()}`
                }`,
            )
            .join('\n') || 'no tokens',
      );
    });
};
