import type { Command } from 'commander';
import { deployCommand } from './deploy.ts';
import { lbCommand } from './lb.ts';
import { logsCommand } from './logs.ts';
import { pushCommand } from './push.ts';
import { registerCommand } from './register.ts';
import { rollbackCommand } from './rollback.ts';
import { statusCommand } from './status.ts';
import { stopCommand } from './stop.ts';

/** The commands for people driving deployments, in the order `cutover --help` lists them. */
export function peopleCommands(): Command[] {
  return [pushCommand(), deployCommand(), statusCommand(), logsCommand(), stopCommand(), rollbackCommand(), registerCommand(), lbCommand()];
}
