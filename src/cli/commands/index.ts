import type { Command } from 'commander';

/** Builds one command; loaded only when it is the command being run (or for the help listing). */
export type CommandLoader = () => Promise<Command>;

/**
 * The commands for people driving deployments, in the order `cutover --help` lists them. Each is
 * imported on demand: a short-lived command should not pay for every other command's libraries.
 */
export const PEOPLE_COMMANDS: Readonly<Record<string, CommandLoader>> = {
  push: async () => (await import('./push.ts')).pushCommand(),
  deploy: async () => (await import('./deploy.ts')).deployCommand(),
  status: async () => (await import('./status.ts')).statusCommand(),
  logs: async () => (await import('./logs.ts')).logsCommand(),
  stop: async () => (await import('./stop.ts')).stopCommand(),
  rollback: async () => (await import('./rollback.ts')).rollbackCommand(),
  register: async () => (await import('./register.ts')).registerCommand(),
  lb: async () => (await import('./lb.ts')).lbCommand(),
};
