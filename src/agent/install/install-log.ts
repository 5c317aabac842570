/** Where Install reports progress; a pino logger fits. */
export interface InstallLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** A log that drops everything. */
export const SILENT_INSTALL_LOG: InstallLog = { debug() {}, info() {}, warn() {} };
