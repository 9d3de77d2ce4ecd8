import type { CommandModule } from '../context.ts';
import { fluidCommand } from './fluid.ts';
import { scopCommand } from './scop.ts';
import { unitsCommand } from './units.ts';

/** Every `trec` command, in the order `trec --help` lists them. */
export const commands: CommandModule[] = [
  // physics
  unitsCommand,
  fluidCommand,
  // performance
  scopCommand,
];
