import type { Command } from 'commander';
import { logsCommand } from './logs.ts';

/** The commands for people driving deployments, in the order `cutover --help` lists them. */
export function peopleCommands(): Command[] {
  return [logsCommand()];
}
