/** A candidate of a weighted choice: a name and a positive weight. */
export interface WeightedName {
  name: string;
  weight: number;
}

/**
 * Smooth weighted round-robin: over any run of requests the split follows the weights as
 * closely as integers allow (90/10 gives exactly 9 and 1 of every 10), and picks interleave
 * instead of coming in bursts. Candidates may change between calls (a group without a routable
 * target is left out); the running scores of absent names are dropped when weights change.
 */
export class WeightedPicker {
  #scores = new Map<string, number>();

  /** Picks one candidate; undefined when none has weight > 0. */
  pick(candidates: readonly WeightedName[]): string | undefined {
    let total = 0;
    let best: string | undefined;
    let bestScore = -Infinity;
    for (const { name, weight } of candidates) {
      if (weight <= 0) continue;
      const score = (this.#scores.get(name) ?? 0) + weight;
      this.#scores.set(name, score);
      total += weight;
      if (score > bestScore) [best, bestScore] = [name, score];
    }
    if (best !== undefined) this.#scores.set(best, bestScore - total);
    return best;
  }

  /** Forgets the running scores (after a weight change). */
  reset(): void {
    this.#scores.clear();
  }
}
