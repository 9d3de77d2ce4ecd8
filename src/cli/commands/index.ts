import type { CommandModule } from '../context.ts';
import { unitsCommand } from './units.ts';
import { calcCommand } from './calc.ts';
import { programsCommand } from './programs.ts';

/** Every `trec` command, in the order `trec --help` lists them. */
export const commands: CommandModule[] = [unitsCommand, calcCommand, programsCommand];
