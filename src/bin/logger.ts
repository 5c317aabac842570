import pino, { type Logger } from 'pino';

/**
 * Creates the process logger: JSON lines on stderr, secrets redacted. With `file`, the same
 * lines are also appended to that file (its directory is created).
 */
export function createLogger(name: string, options: { file?: string } = {}): Logger {
  const stderr = pino.destination(2);
  const destination = options.file
    ? pino.multistream([{ level: 'trace', stream: stderr }, { level: 'trace', stream: pino.destination({ dest: options.file, append: true, mkdir: true }) }])
    : stderr;
  return pino({
    name,
    level: process.env.CUTOVER_LOG_LEVEL ?? 'info',
    redact: ['req.headers.authorization', '*.secretAccessKey', 'secretAccessKey', '*.secret'],
  }, destination);
}
