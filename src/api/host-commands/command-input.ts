import { AwsError } from '../errors.ts';

/** The Diagnostics envelope of the host-command protocol. */
export interface Envelope {
  Format: string;
  Payload: string;
}

/**
 * Reads the host-command protocol's inputs. The protocol has no public model, so its few
 * members are checked here by hand, with the limits of the agent's own model.
 */
export class CommandInput {
  readonly #body: Record<string, unknown>;

  constructor(body: unknown) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new AwsError('SerializationException', 'The request body must be a JSON object');
    }
    this.#body = body as Record<string, unknown>;
  }

  /** A required string member of at most `max` characters. */
  string(name: string, max: number): string {
    const value = this.#body[name];
    if (typeof value !== 'string' || value.length === 0) throw new AwsError('ClientException', `${name} is required`);
    if (value.length > max) throw new AwsError('ClientException', `${name} must be at most ${max} characters`);
    return value;
  }

  /** One of the given strings. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.string(name, 64);
    if (!(allowed as readonly string[]).includes(value)) throw new AwsError('ClientException', `${name} must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** An optional Diagnostics envelope (Format ≤ 64, Payload ≤ 8192 characters, as the agent's model says). */
  envelope(name: string): Envelope | undefined {
    const value = this.#body[name];
    if (value === undefined || value === null) return undefined;
    const e = value as Partial<Envelope>;
    if (typeof e !== 'object' || typeof e.Format !== 'string' || typeof (e.Payload ?? '') !== 'string') {
      throw new AwsError('ClientException', `${name} must be an envelope {Format, Payload}`);
    }
    if (e.Format.length > 64 || (e.Payload ?? '').length > 8192) throw new AwsError('ClientException', `${name} is too large`);
    return { Format: e.Format, Payload: e.Payload ?? '' };
  }

  /** The raw members, for handlers that take them as they are. */
  raw(): Record<string, unknown> {
    return this.#body;
  }
}
