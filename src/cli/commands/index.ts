import type { CommandModule } from '../context.ts';
import { calcCommand } from './calc.ts';
import { energyCommand } from './energy.ts';
import { fluidCommand } from './fluid.ts';
import { programsCommand } from './programs.ts';
import { scopCommand } from './scop.ts';
import { unitsCommand } from './units.ts';

/** Every `trec` command, in the order `trec --help` lists them. */
export const commands: CommandModule[] = [
  // certificates
  calcCommand,
  programsCommand,
  // physics
  unitsCommand,
  fluidCommand,
  // performance
  scopCommand,
  // metering
  energyCommand,
];
