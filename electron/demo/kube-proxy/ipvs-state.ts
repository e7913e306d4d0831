/**
 * One node's IPVS connection accounting: per virtual and real server the `--stats` totals, the
 * ActiveConn/InActConn columns and `--rate` figures, plus the scheduler's own state (rr's cursor,
 * persistence templates). A demo connection is short: it counts as inactive (TIME_WAIT) for two
 * minutes, as IPVS's TCP timeouts keep it.
 */
import { virtualServerKey, type RealServer, type VirtualServer } from './ipvs-table';

/** `--stats` totals. */
export interface IpvsTotals {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
}

/** What one demo connection (a curl of a small page) adds: the calico fixture's 1-connection figures. */
export const CONNECTION_TRAFFIC: Omit<IpvsTotals, 'conns'> = {
  inPkts: 6,
  outPkts: 4,
  inBytes: 399,
  outBytes: 995,
};

/** IPVS keeps a closed TCP connection (TIME_WAIT) for 120 s; it shows as InActConn meanwhile. */
export const INACTIVE_MS = 120_000;
/** The rate estimator's window. */
const RATE_WINDOW_MS = 2_000;

interface Counted {
  totals: IpvsTotals;
  /** When each recent connection was made (pruned past INACTIVE_MS). */
  recent: number[];
}

const zeroTotals = (): IpvsTotals => ({ conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 });

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The IPVS state of one node. */
export class IpvsNodeState {
  private readonly counted = new Map<string, Counted>();
  private readonly cursors = new Map<string, number>();
  /** Persistence templates: `vs|client` → real server and expiry. */
  private readonly templates = new Map<string, { rs: string; until: number }>();

  private slot(key: string): Counted {
    let c = this.counted.get(key);
    if (c === undefined) {
      c = { totals: zeroTotals(), recent: [] };
      this.counted.set(key, c);
    }
    return c;
  }

  private static vsKey(vs: VirtualServer): string {
    return virtualServerKey(vs.protocol, vs.address, vs.port);
  }

  private static rsKey(vs: VirtualServer, rs: RealServer): string {
    return `${IpvsNodeState.vsKey(vs)} -> ${rs.ip}:${rs.port}`;
  }

  /** The scheduler's pick for a new connection from `client` (undefined: no real server). */
  schedule(vs: VirtualServer, client: string, now: number): RealServer | undefined {
    const live = vs.realServers.filter((r) => r.weight > 0);
    if (live.length === 0) return undefined;
    const vsKey = IpvsNodeState.vsKey(vs);
    if (vs.persistentSeconds !== undefined) {
      const t = this.templates.get(`${vsKey}|${client}`);
      const kept =
        t !== undefined && t.until > now
          ? live.find((r) => `${r.ip}:${r.port}` === t.rs)
          : undefined;
      if (kept) return kept;
    }
    let pick: RealServer | undefined;
    switch (vs.scheduler) {
      case 'sh':
        pick = live[hash(client) % live.length];
        break;
      case 'dh':
        pick = live[hash(vs.address) % live.length];
        break;
      case 'lc':
      case 'wlc':
      case 'sed':
      case 'nq':
      case 'lblc':
      case 'lblcr': {
        // Overhead = active × 256 + inactive (ip_vs_dest_conn_overhead); the first lowest wins.
        const overhead = (r: RealServer) => this.inactive(vs, r, now) / r.weight;
        pick = live.reduce((best, r) => (overhead(r) < overhead(best) ? r : best));
        break;
      }
      default: {
        // rr, and wrr with equal weights: the next server after the last one picked.
        const next = ((this.cursors.get(vsKey) ?? -1) + 1) % live.length;
        this.cursors.set(vsKey, next);
        pick = live[next];
      }
    }
    if (pick && vs.persistentSeconds !== undefined) {
      this.templates.set(`${vsKey}|${client}`, {
        rs: `${pick.ip}:${pick.port}`,
        until: now + vs.persistentSeconds * 1000,
      });
    }
    return pick;
  }

  /** Accounts one finished connection through `vs` to `rs`. */
  connect(vs: VirtualServer, rs: RealServer, now: number): void {
    for (const key of [IpvsNodeState.vsKey(vs), IpvsNodeState.rsKey(vs, rs)]) {
      const c = this.slot(key);
      c.totals.conns += 1;
      c.totals.inPkts += CONNECTION_TRAFFIC.inPkts;
      c.totals.outPkts += CONNECTION_TRAFFIC.outPkts;
      c.totals.inBytes += CONNECTION_TRAFFIC.inBytes;
      c.totals.outBytes += CONNECTION_TRAFFIC.outBytes;
      c.recent = c.recent.filter((t) => now - t < INACTIVE_MS);
      c.recent.push(now);
    }
  }

  totals(vs: VirtualServer, rs?: RealServer): IpvsTotals {
    const key = rs ? IpvsNodeState.rsKey(vs, rs) : IpvsNodeState.vsKey(vs);
    return { ...(this.counted.get(key)?.totals ?? zeroTotals()) };
  }

  /** InActConn: connections closed within the last two minutes (still in TIME_WAIT). */
  inactive(vs: VirtualServer, rs: RealServer, now: number): number {
    const c = this.counted.get(IpvsNodeState.rsKey(vs, rs));
    return c === undefined ? 0 : c.recent.filter((t) => now - t < INACTIVE_MS && t <= now).length;
  }

  /** `--rate`: per-second figures over the estimator's window. */
  rate(vs: VirtualServer, rs: RealServer | undefined, now: number): IpvsTotals {
    const key = rs ? IpvsNodeState.rsKey(vs, rs) : IpvsNodeState.vsKey(vs);
    const recent = (this.counted.get(key)?.recent ?? []).filter(
      (t) => now - t < RATE_WINDOW_MS,
    ).length;
    const per = (n: number) => Math.round((recent * n) / (RATE_WINDOW_MS / 1000));
    return {
      conns: per(1),
      inPkts: per(CONNECTION_TRAFFIC.inPkts),
      outPkts: per(CONNECTION_TRAFFIC.outPkts),
      inBytes: per(CONNECTION_TRAFFIC.inBytes),
      outBytes: per(CONNECTION_TRAFFIC.outBytes),
    };
  }

  /** `ipvsadm -Z [-t VIP:PORT]`: zeroes the totals of one virtual server (and its real servers) or all. */
  zero(vsKey?: string): void {
    for (const [key, c] of this.counted) {
      if (vsKey === undefined || key === vsKey || key.startsWith(`${vsKey} -> `))
        c.totals = zeroTotals();
    }
  }
}
