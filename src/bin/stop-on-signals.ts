/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits 0 (1 when stopping failed). A
 * second signal while stopping is ignored: stopping drains work that should not be cut short.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, stopping\n`);
    stop().then(() => process.exit(0), (error) => {
      process.stderr.write(`error while stopping: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}
