import type { CommandModule } from '../context.ts';
import { calcCommand } from './calc.ts';
import { dataCommand } from './data.ts';
import { ingestCommand } from './ingest.ts';
import { energyCommand } from './energy.ts';
import { estimateCommand } from './estimate.ts';
import { evaluateCommand } from './evaluate.ts';
import { fluidCommand } from './fluid.ts';
import { programsCommand } from './programs.ts';
import { ledgerCommands } from './ledger.ts';
import { registryCommands } from './registry.ts';
import { scopCommand } from './scop.ts';
import { serveCommand } from './serve.ts';
import { simulateCommand } from './simulate.ts';
import { startCommand } from './start.ts';
import { tokensCommand } from './tokens.ts';
import { unitsCommand } from './units.ts';

/** Every `trec` command, in the order `trec --help` lists them. */
export const commands: CommandModule[] = [
  // certificates
  calcCommand,
  programsCommand,
  evaluateCommand,
  // registry
  ...registryCommands,
  ...ledgerCommands,
  serveCommand,
  startCommand,
  tokensCommand,
  // metering
  energyCommand,
  ingestCommand,
  dataCommand,
  // performance
  scopCommand,
  estimateCommand,
  simulateCommand,
  // physics
  unitsCommand,
  fluidCommand,
];
