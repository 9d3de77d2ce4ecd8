import { InvalidArgumentError } from 'commander';
import type { CommandModule } from '../context.ts';
import { parseInteger } from '../context.ts';

// `trec serve` (issue 11): the HTTP API (docs/api.md) on host:port over the registry database, until SIGTERM
// or SIGINT (then requests in flight finish and the database is closed). The server logs one line at start
// (URL, database, MQTT state) and one per request, on standard error.

function parsePort(text: string): number {
  const port = parseInteger(text);
  if (port < 0 || port > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535.');
  return port;
}

export const serveCommand: CommandModule = (program, ctx) => {
  program
    .command('serve')
    .description(
      'Serve the HTTP API (/v1, /openapi.json) over the registry database until SIGTERM or SIGINT.\n' +
        'Callers authenticate with a token from `trec tokens create` (docs/api.md).',
    )
    .option('--port <n>', 'TCP port (0: a free one)', parsePort, 8080)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--db <file|url>',
      'the database: a SQLite file or a postgres:// URL (default: TREC_DB, else ./data/trec.db)',
    )
    .option('--mqtt <url>', 'MQTT broker for live meter readings (mqtt://127.0.0.1:1883)')
    .option(
      '--mqtt-client-id <id>',
      "the MQTT client id of this server's persistent session (default trec-<hostname>; one per server)",
    )
    .option(
      '--mqtt-share <group>',
      'join the MQTT 5 shared subscription $share/<group>/trec/+/+/readings with other servers over the same ' +
        'database: readings are staged in the database and each meter closed by one server at a time ' +
        '(docs/scaling.md; give every server its own --mqtt-client-id)',
    )
    .option(
      '--mqtt-window <s>',
      'readings arriving up to this many seconds late or out of order are put in order (default 120)',
      parseInteger,
    )
    .action(
      async (o: {
        port: number;
        host: string;
        db?: string;
        mqtt?: string;
        mqttClientId?: string;
        mqttShare?: string;
        mqttWindow?: number;
      }) => {
        if (!ctx.serve) throw new Error('this trec was built without the HTTP API (src/main.ts serveApi)');
        const running = await ctx.serve({
          port: o.port,
          host: o.host,
          ...(o.db === undefined ? {} : { db: o.db }),
          ...(o.mqtt === undefined ? {} : { mqtt: o.mqtt }),
          ...(o.mqttClientId === undefined ? {} : { mqttClientId: o.mqttClientId }),
          ...(o.mqttShare === undefined ? {} : { mqttShare: o.mqttShare }),
          ...(o.mqttWindow === undefined ? {} : { mqttWindowS: o.mqttWindow }),
        });
        await running.stopped;
      },
    );
};
