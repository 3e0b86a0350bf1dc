// The waiting room of one API: priority lanes, and within a lane round-robin between requesters, so one
// request's 20 traces take turns with another's single trace instead of going first.

/** Interactive GraphQL reads first; background work only gets the slots nobody asked for. */
export const LANES = ['interactive', 'background'] as const;
export type Lane = (typeof LANES)[number];

export interface Queued {
  lane: Lane;
  /** The requester (a GraphQL request, a background job): the unit that takes turns. */
  owner: number;
}

export interface FairQueue<T extends Queued> {
  readonly size: number;
  /** At the back of its owner's turn; `front`: first of its owner's (a retry keeps its place). */
  push(item: T, front?: boolean): void;
  remove(item: T): boolean;
  /**
   * The next call's items: the head (next owner in turn, highest lane) and, when `companion` is given, up to
   * `max - 1` other waiting items it accepts, from any owner, higher lanes first.
   */
  take(max: number, companion?: (head: T, other: T) => boolean): T[];
  /** Items of the same owner and lane waiting before `item` (they go before it whoever else waits). */
  ahead(item: T): T[];
  /** Every waiting item, in lane order. */
  all(): T[];
}

export function createFairQueue<T extends Queued>(): FairQueue<T> {
  // Per lane: owner → its items in arrival order; the Map's order is the turn order.
  const lanes = new Map<Lane, Map<number, T[]>>(LANES.map((lane) => [lane, new Map()]));
  let size = 0;

  const listOf = (item: T): T[] | undefined => lanes.get(item.lane)!.get(item.owner);

  function drop(lane: Map<number, T[]>, owner: number, list: T[]): void {
    if (list.length === 0) lane.delete(owner);
  }

  return {
    get size() {
      return size;
    },
    push(item, front = false) {
      const lane = lanes.get(item.lane)!;
      const list = lane.get(item.owner);
      if (!list) lane.set(item.owner, [item]);
      else if (front) list.unshift(item);
      else list.push(item);
      size++;
    },
    remove(item) {
      const list = listOf(item);
      const i = list ? list.indexOf(item) : -1;
      if (!list || i < 0) return false;
      list.splice(i, 1);
      drop(lanes.get(item.lane)!, item.owner, list);
      size--;
      return true;
    },
    take(max, companion) {
      for (const lane of lanes.values()) {
        const first = lane.entries().next();
        if (first.done) continue;
        const [owner, list] = first.value;
        const head = list.shift()!;
        size--;
        // This owner's turn is used: it goes to the back of the line.
        lane.delete(owner);
        if (list.length) lane.set(owner, list);
        const taken = [head];
        if (companion) {
          for (const other of lanes.values()) {
            for (const [o, items] of other) {
              for (let i = 0; i < items.length && taken.length < max;) {
                if (companion(head, items[i]!)) {
                  taken.push(items.splice(i, 1)[0]!);
                  size--;
                } else i++;
              }
              drop(other, o, items);
            }
          }
        }
        return taken;
      }
      return [];
    },
    ahead(item) {
      const list = listOf(item) ?? [];
      const i = list.indexOf(item);
      return i < 0 ? list.slice() : list.slice(0, i);
    },
    all() {
      return [...lanes.values()].flatMap((lane) => [...lane.values()].flat());
    },
  };
}
