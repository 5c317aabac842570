/**
 * TargetNames remembers which instance registered which address. Load balancers know a target
 * only by its address, while the engine speaks of instances, so a router fills this in on
 * register and reads it back on describe. It is memory only: after a server restart an address
 * not registered again since is described with the address as its instance name, which is why
 * callers should match descriptions by `address`.
 */
export class TargetNames {
  readonly #byAddress = new Map<string, string>();

  /** Records the instance behind each target's address. */
  remember(targets: readonly { instanceName: string; address: string }[]): void {
    for (const target of targets) this.#byAddress.set(target.address, target.instanceName);
  }

  /** The instance registered with this address, or the address itself when unknown. */
  nameOf(address: string): string {
    return this.#byAddress.get(address) ?? address;
  }
}
