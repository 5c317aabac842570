import { request } from 'node:http';
import type { HealthCheck } from '../core/proxy-admin.ts';
import { parseMatcher } from './matcher.ts';
import type { Target } from './target.ts';

/**
 * Probes one target on its group's health check, one probe after another (never two at once),
 * until stopped. The first probe runs at once, so that a new target can turn healthy after
 * `healthyThreshold - 1` intervals.
 */
export class HealthProbe {
  readonly #target: Target;
  readonly #check: HealthCheck;
  readonly #matches: (status: number) => boolean;
  readonly #onChange: () => void;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: { target: Target; check: HealthCheck; onChange: () => void }) {
    this.#target = options.target;
    this.#check = options.check;
    this.#matches = parseMatcher(options.check.matcher);
    this.#onChange = options.onChange;
  }

  /** Starts probing. */
  start(): void {
    void this.#run();
  }

  /** Stops probing; a probe in flight is ignored when it ends. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #run(): Promise<void> {
    const ok = await probe(this.#target, this.#check, this.#matches);
    if (this.#stopped) return;
    if (this.#target.recordProbe(ok, this.#check)) this.#onChange();
    this.#timer = setTimeout(() => void this.#run(), this.#check.intervalSeconds * 1000);
    this.#timer.unref();
  }
}

/** One GET of the check's path on a fresh connection; true when the status matches in time. Never throws. */
function probe(target: Target, check: HealthCheck, matches: (status: number) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const timeoutMs = check.timeoutSeconds * 1000;
    const req = request({ host: target.host, port: target.port, path: check.path, method: 'GET', agent: false, headers: { 'user-agent': 'cutover-proxy-health-check', connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(matches(res.statusCode ?? 0)));
      res.on('error', () => resolve(false));
    });
    // setImmediate: after a stall of our own event loop, timers run before the poll phase reads
    // answers that arrived meanwhile; deferring the verdict lets those answers count first.
    const timer = setTimeout(() => setImmediate(() => req.destroy(new Error('health check timed out'))), timeoutMs);
    req.on('error', () => resolve(false));
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}
