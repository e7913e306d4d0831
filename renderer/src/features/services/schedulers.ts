/** IPVS schedulers kube-proxy can be told to use (`--ipvs-scheduler`), in plain words. */
const SCHEDULERS: Record<string, string> = {
  rr: 'round robin: each new connection goes to the next real server in turn',
  wrr: 'weighted round robin: in turn, servers with a higher weight more often',
  lc: 'least connection: to the server with the fewest active connections',
  wlc: 'weighted least connection: fewest connections relative to weight',
  sh: 'source hashing: the same client address always lands on the same server',
  dh: 'destination hashing: by destination address',
  sed: 'shortest expected delay: (active connections + 1) / weight, lowest wins',
  nq: 'never queue: an idle server if there is one, else shortest expected delay',
  mh: 'maglev hashing: consistent hashing on the source',
};

/** `IPVS rr (round robin: …)`, or a plain label for an unknown scheduler. */
export function schedulerLabel(scheduler: string | null): string {
  if (scheduler === null) return 'IPVS (scheduler not printed)';
  const words = SCHEDULERS[scheduler];
  return words === undefined ? `IPVS ${scheduler}` : `IPVS ${scheduler} — ${words}`;
}

/** What the observed distribution should look like under a scheduler, for the live chart. */
export function expectedPattern(source: 'iptables' | 'ipvs', scheduler: string | null): string {
  if (source === 'iptables')
    return 'iptables picks at random for each new connection: the shares drift around the expected line and converge as the count grows.';
  switch (scheduler ?? '') {
    case 'rr':
    case 'wrr':
      return 'IPVS round robin hands connections out in turn: the counts stay within one of the expected line at every read.';
    case 'lc':
    case 'wlc':
    case 'sed':
    case 'nq':
      return 'IPVS least-connection schedulers follow the servers’ open connections: with short requests they spread evenly, with long ones they favour the least busy server.';
    case 'sh':
    case 'dh':
    case 'mh':
      return 'IPVS hashing sends one client to one server: a single client loop lands everything on one endpoint.';
    default:
      return 'IPVS spreads connections by its scheduler.';
  }
}
