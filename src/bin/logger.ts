import pino, { type Logger } from 'pino';

/** Creates the process logger: JSON lines on stderr, secrets redacted. */
export function createLogger(name: string): Logger {
  return pino({
    name,
    level: process.env.CUTOVER_LOG_LEVEL ?? 'info',
    redact: ['req.headers.authorization', '*.secretAccessKey', 'secretAccessKey', '*.secret'],
  }, pino.destination(2));
}
