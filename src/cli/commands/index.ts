import type { CommandModule } from '../context.ts';
import { unitsCommand } from './units.ts';
import { fluidCommand } from './fluid.ts';
import { estimateCommand } from './estimate.ts';
import { simulateCommand } from './simulate.ts';
import { evaluateCommand } from './evaluate.ts';

/** Every `trec` command, in the order `trec --help` lists them. */
export const commands: CommandModule[] = [
  unitsCommand,
  fluidCommand,
  estimateCommand,
  simulateCommand,
  evaluateCommand,
];
