/**
 * The demo cluster's packet bus: what the users' `curl`, `ping` and traffic loops send is walked
 * along its path (path.ts) and handed to every running demo `tcpdump` on the hosts it crosses,
 * one sighting per host, interface and direction, with the addresses that hop sees. One bus per
 * cluster store, so every demo host of a lab shares it.
 */
import type { ClusterStore } from '../model/store';
import { startBackground } from './background';
import type { Sighting } from './format';
import { endsAt, type Conversation } from './packets';
import type { Path } from './path';

export type SightingListener = (sighting: Sighting) => void;

export class PacketBus {
  private readonly listeners = new Map<string, Set<SightingListener>>();
  private lastAt = 0;
  private stopBackground: (() => void) | undefined;

  /** `background` starts the traffic an idle cluster makes; it runs while anyone listens. */
  constructor(private readonly background?: (bus: PacketBus) => () => void) {}

  /** Hears every packet `hostId` sees; returns the unsubscribe function. */
  subscribe(hostId: string, listener: SightingListener): () => void {
    let set = this.listeners.get(hostId);
    if (!set) this.listeners.set(hostId, (set = new Set()));
    set.add(listener);
    this.stopBackground ??= this.background?.(this);
    return () => {
      set.delete(listener);
      if (!this.isHeard) {
        this.stopBackground?.();
        this.stopBackground = undefined;
      }
    };
  }

  /** Whether any tcpdump is listening (senders skip the work otherwise). */
  get isHeard(): boolean {
    return [...this.listeners.values()].some((s) => s.size > 0);
  }

  /** Sends a conversation along its path, starting at `startMs` (epoch ms). */
  send(path: Path, conversation: Conversation, startMs: number, snatPort: number): void {
    if (!this.isHeard) return;
    // Timestamps never run backwards on a host, even for sends in the same millisecond.
    let at = Math.max(startMs, this.lastAt + 0.001);
    const sightings: Sighting[] = [];
    for (const step of conversation.steps) {
      at += step.gapUs / 1000;
      const hops = step.way === 'forward' ? path.forward : path.reply;
      for (const hop of hops) {
        at += hop.delayUs / 1000;
        const packet = step.make(endsAt(path, conversation, hop.view, step.way, snatPort));
        sightings.push({
          at,
          hostId: hop.hostId,
          iface: hop.iface,
          direction: hop.direction,
          packet,
        });
      }
    }
    this.lastAt = at;
    for (const s of sightings)
      for (const listener of this.listeners.get(s.hostId) ?? []) listener(s);
  }
}

const buses = new WeakMap<ClusterStore, PacketBus>();

/** The bus of a demo lab. */
export function busOf(store: ClusterStore): PacketBus {
  let bus = buses.get(store);
  if (!bus) buses.set(store, (bus = new PacketBus((b) => startBackground(store, b))));
  return bus;
}
