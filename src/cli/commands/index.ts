import type { CommandModule } from '../context.ts';
import { unitsCommand } from './units.ts';
import { fluidCommand } from './fluid.ts';
import { energyCommand } from './energy.ts';

/** Every `trec` command, in the order `trec --help` lists them. */
export const commands: CommandModule[] = [unitsCommand, fluidCommand, energyCommand];
