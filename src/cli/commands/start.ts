import { InvalidArgumentError, Option } from 'commander';
import type { CommandModule } from '../context.ts';
import { parseInteger } from '../context.ts';

// `trec start` (issue 12; `npm start` runs it after building the dashboard): the dashboard (web/dist) at `/`
// and the HTTP API under /v1 on one port, over the registry database (migrated), with the demo data loaded
// into an empty registry on its first start (TREC_DEMO=0 or --no-demo: none). Prints the address and a
// sign-in link (a session cookie for the demo organisation; the API keeps its Bearer tokens); stops on
// SIGTERM or SIGINT like `trec serve`.

function parsePort(text: string): number {
  const port = parseInteger(text);
  if (port < 0 || port > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535.');
  return port;
}

export const startCommand: CommandModule = (program, ctx) => {
  program
    .command('start')
    .description(
      'Serve the dashboard and the HTTP API on one port, loading the demo data into an empty registry first.\n' +
        'Prints a sign-in link for the demo organisation (TREC_DEMO=0: no demo data, and the link signs in as\n' +
        'the registry operator). `npm start` builds the dashboard, then runs this (docs/demo.md).',
    )
    .addOption(
      new Option('--port <n>', 'TCP port (0: a free one)').env('PORT').argParser(parsePort).default(8080),
    )
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--db <file|url>',
      'the database: a SQLite file or a postgres:// URL (default: TREC_DB, else ./data/trec.db)',
    )
    .option('--no-demo', 'start without the demo data (as TREC_DEMO=0)')
    .option('--mqtt <url>', 'MQTT broker for live meter readings (mqtt://127.0.0.1:1883)')
    .action(async (o: { port: number; host: string; db?: string; demo: boolean; mqtt?: string }) => {
      if (!ctx.serve) throw new Error('this trec was built without the HTTP API (src/main.ts serveApi)');
      const running = await ctx.serve({
        port: o.port,
        host: o.host,
        demo: o.demo,
        dashboard: true,
        ...(o.db === undefined ? {} : { db: o.db }),
        ...(o.mqtt === undefined ? {} : { mqtt: o.mqtt }),
      });
      await running.stopped;
    });
};
