/**
 * A bounded memory of ids seen lately, for dropping repeats of at-least-once deliveries: once full,
 * the oldest id is forgotten (a Set keeps insertion order), so a long-running node does not grow.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True the first time an id is offered (while it is remembered); false for a repeat. */
  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}
