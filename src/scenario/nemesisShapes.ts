/**
 * The shapes of the nemesis's blind network faults, after Jepsen's partition nemeses.
 */
import type { Rng } from '../sim/rng';
import type { World } from '../sim/world';
import { memberIds } from './actions';
import type { ActionInput } from './types';

/** Jepsen's partition shapes: halves, isolate one, a bridge, a majorities ring, one-way. */
export function partitionShape(rng: Rng, ids: string[]): ActionInput[] {
  const ring = rng.shuffle([...ids]);
  const n = ring.length;
  const half = Math.floor(n / 2);
  switch (rng.pick(['halves', 'isolate', 'bridge', 'ring', 'one-way'] as const)) {
    case 'halves':
      return [{ do: 'partition', groups: [ring.slice(0, half), ring.slice(half)] }];
    case 'isolate':
      return [{ do: 'isolate', node: ring[0] }];
    case 'one-way':
      return [{ do: 'cut', from: ring[0], to: ring[1 % n] }];
    case 'bridge': {
      // Two halves that cannot talk, and one node (ring[half]) that talks to both.
      const left = ring.slice(0, half);
      const right = ring.slice(half + 1);
      return cutBetween(left, right);
    }
    case 'ring': {
      // Each node sees its nearest neighbours on a ring: a majority each, a different one each.
      const reach = Math.ceil(half / 2);
      const pairs: [string, string][] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const d = Math.min(j - i, n - (j - i));
          if (d > reach) pairs.push([ring[i], ring[j]]);
        }
      }
      return pairs.flatMap(([a, b]) => cutBoth(a, b));
    }
  }
}

/** Cuts in both directions between every member of `left` and every member of `right`. */
export function cutBetween(left: string[], right: string[]): ActionInput[] {
  return left.flatMap((a) => right.flatMap((b) => cutBoth(a, b)));
}

function cutBoth(a: string, b: string): ActionInput[] {
  return [
    { do: 'cut', from: a, to: b },
    { do: 'cut', from: b, to: a },
  ];
}

/** Loss and duplication on every link between members. */
export function setLoss(world: World, act: (a: ActionInput) => void, loss: number, duplicate: number): void {
  const ids = memberIds(world);
  for (const from of ids) for (const to of ids) if (from !== to) act({ do: 'link', from, to, loss, duplicate });
}
