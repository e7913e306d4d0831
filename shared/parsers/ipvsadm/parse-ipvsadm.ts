import { clip } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import { parseIpvsAddress } from './address';
import type {
  IpvsColumns,
  IpvsListing,
  IpvsRate,
  IpvsRealServer,
  IpvsStats,
  IpvsVirtualService,
} from './types';

/** ipvsadm scales big numbers by 1000s: `12K`, `3M`, `1G`. Returns NaN for anything else. */
export function parseIpvsCount(text: string): number {
  const m = /^(\d+)([KMGT]?)$/.exec(text);
  if (m === null) return NaN;
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * scale;
}

const SERVICE = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s*(.*)$/;
const REAL_SERVER = /^\s*->\s+(\S+)\s*(.*)$/;

interface State {
  columns: IpvsColumns | null;
  /** Names of the real-server columns after the address, from the `-> RemoteAddress:Port` header. */
  serverColumns: string[];
  current: IpvsVirtualService | null;
  seen: Map<string, IpvsVirtualService>;
}

function numbers(words: readonly string[]): number[] | null {
  const out = words.map(parseIpvsCount);
  return out.some(Number.isNaN) ? null : out;
}

function statsFrom(words: readonly string[]): IpvsStats | null {
  const n = numbers(words);
  if (n?.length !== 5) return null;
  const isApproximate = words.some((w) => /[KMGT]$/.test(w));
  return {
    conns: n[0] ?? 0,
    inPkts: n[1] ?? 0,
    outPkts: n[2] ?? 0,
    inBytes: n[3] ?? 0,
    outBytes: n[4] ?? 0,
    isApproximate,
  };
}

function rateFrom(words: readonly string[]): IpvsRate | null {
  const s = statsFrom(words);
  if (s === null) return null;
  return {
    cps: s.conns,
    inPps: s.inPkts,
    outPps: s.outPkts,
    inBps: s.inBytes,
    outBps: s.outBytes,
    isApproximate: s.isApproximate,
  };
}

function readHeader(line: string, state: State): boolean {
  if (line.startsWith('Prot ')) {
    if (line.includes('Scheduler')) state.columns = 'list';
    else if (line.includes('Conns')) state.columns = 'stats';
    else if (line.includes('CPS')) state.columns = 'rate';
    return true;
  }
  const rs = /^\s*->\s+RemoteAddress:Port\s*(.*)$/.exec(line);
  if (rs === null) return false;
  state.serverColumns = (rs[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (state.serverColumns.includes('PersistConn')) state.columns = 'persistent-conn';
  else if (state.serverColumns.includes('Uthreshold')) state.columns = 'thresholds';
  return true;
}

function readService(
  m: RegExpExecArray,
  lineNo: number,
  raw: string,
  state: State,
  out: IpvsListing,
): void {
  const protocol = m[1] ?? '';
  const addressText = m[2] ?? '';
  const words = (m[3] ?? '').split(/\s+/).filter((w) => w !== '');
  const isFwm = protocol === 'FWM';
  const address = parseIpvsAddress(isFwm ? '' : addressText);
  const service: IpvsVirtualService = {
    protocol,
    address: isFwm ? { ...address, text: addressText, problem: null } : address,
    fwmark: isFwm ? parseIpvsCount(addressText) : null,
    scheduler: null,
    persistentTimeout: null,
    netmask: null,
    isOnePacket: false,
    persistenceEngine: null,
    flags: [],
    stats: null,
    rate: null,
    realServers: [],
    line: lineNo,
    raw,
  };
  const columns = state.columns ?? (numbers(words)?.length === 5 ? 'stats' : 'list');
  if (columns === 'stats') service.stats = statsFrom(words);
  else if (columns === 'rate') service.rate = rateFrom(words);
  else readSchedulerWords(service, words);
  const key = `${protocol} ${addressText}`;
  const earlier = state.seen.get(key);
  if (earlier !== undefined) {
    // The same service in a second listing (`-Ln` then `-Ln --stats`): merge what it adds.
    earlier.stats ??= service.stats;
    earlier.rate ??= service.rate;
    if (earlier.scheduler === null)
      Object.assign(earlier, {
        ...service,
        stats: earlier.stats,
        rate: earlier.rate,
        realServers: earlier.realServers,
        line: earlier.line,
        raw: earlier.raw,
      });
    state.current = earlier;
    return;
  }
  state.seen.set(key, service);
  out.services.push(service);
  state.current = service;
}

function readSchedulerWords(service: IpvsVirtualService, words: readonly string[]): void {
  service.scheduler = words[0] ?? null;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1];
    if (w === 'persistent' && next !== undefined && /^\d+$/.test(next)) {
      service.persistentTimeout = Number(next);
      i++;
    } else if (w === 'mask' && next !== undefined) {
      service.netmask = next;
      i++;
    } else if (w === 'pe' && next !== undefined) {
      service.persistenceEngine = next;
      i++;
    } else if (w === 'ops') service.isOnePacket = true;
    else service.flags.push(w);
  }
}

function readRealServer(
  m: RegExpExecArray,
  lineNo: number,
  raw: string,
  state: State,
  warnings: WarningList,
): void {
  const service = state.current;
  if (service === null) {
    warnings.add(lineNo, 'real server before any virtual service', clip(raw));
    return;
  }
  const words = (m[2] ?? '').split(/\s+/).filter((w) => w !== '');
  const server: IpvsRealServer = {
    address: parseIpvsAddress(m[1] ?? ''),
    forward: null,
    weight: null,
    activeConn: null,
    inactConn: null,
    persistConn: null,
    stats: null,
    rate: null,
    line: lineNo,
    raw,
  };
  const columns = state.columns ?? (numbers(words)?.length === 5 ? 'stats' : 'list');
  if (columns === 'stats') server.stats = statsFrom(words);
  else if (columns === 'rate') server.rate = rateFrom(words);
  else {
    const names =
      state.serverColumns.length > 0
        ? state.serverColumns
        : ['Forward', 'Weight', 'ActiveConn', 'InActConn'];
    names.forEach((name, k) => {
      const w = words[k];
      if (w === undefined) return;
      const n = parseIpvsCount(w);
      if (name === 'Forward') server.forward = w;
      else if (name === 'Weight') server.weight = Number.isNaN(n) ? null : n;
      else if (name === 'ActiveConn') server.activeConn = Number.isNaN(n) ? null : n;
      else if (name === 'InActConn') server.inactConn = Number.isNaN(n) ? null : n;
      else if (name === 'PersistConn') server.persistConn = Number.isNaN(n) ? null : n;
    });
  }
  if (
    (columns === 'stats' && server.stats === null) ||
    (columns === 'rate' && server.rate === null)
  ) {
    warnings.add(lineNo, `real server counters are not ${columns} numbers`, clip(raw));
  }
  const earlier = service.realServers.find((r) => r.address.text === server.address.text);
  if (earlier !== undefined) {
    earlier.stats ??= server.stats;
    earlier.rate ??= server.rate;
    if (earlier.forward === null)
      Object.assign(earlier, { ...server, stats: earlier.stats, rate: earlier.rate });
    return;
  }
  service.realServers.push(server);
}

/**
 * Parses `ipvsadm -L -n` (or `-L` without `-n`, `--stats`, `--rate`, `--persistent-conn`), also
 * under `watch` (its header is skipped) and several listings pasted together (the same virtual
 * service in `-Ln` and `-Ln --stats` is merged).
 *
 * Sample lines: `TCP  10.0.0.1:443 rr persistent 10800` and
 * `  -> 192.168.0.1:6443             Masq    1      1          0`.
 *
 * Hostnames cut to the column (`ip-10-100-0-1.us-east-1.`) keep the IP of their `ip-a-b-c-d`
 * label and are flagged in `address.problem`. Lines it cannot read become warnings; it never throws.
 */
export function parseIpvsadm(text: string): Parsed<IpvsListing> {
  const warnings = new WarningList();
  const out: IpvsListing = { version: null, tableSize: null, columns: [], services: [] };
  const state: State = { columns: null, serverColumns: [], current: null, seen: new Map() };
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || /^Every [\d.]+s: /.test(line)) continue;
    const version = /^IP Virtual Server version (\S+) \(size=(\d+)\)/.exec(line);
    if (version !== null) {
      out.version = version[1] ?? null;
      out.tableSize = Number(version[2]);
      continue;
    }
    if (readHeader(line, state)) {
      if (state.columns !== null && !out.columns.includes(state.columns))
        out.columns.push(state.columns);
      continue;
    }
    const service = SERVICE.exec(line);
    if (service !== null) {
      readService(service, lineNo, line, state, out);
      continue;
    }
    const server = REAL_SERVER.exec(line);
    if (server !== null) {
      readRealServer(server, lineNo, line, state, warnings);
      continue;
    }
    warnings.add(lineNo, 'not an ipvsadm line', clip(line));
  }
  if (out.columns.length === 0 && out.services.length > 0) {
    out.columns.push(out.services.some((s) => s.stats !== null) ? 'stats' : 'list');
  }
  return { value: out, warnings: warnings.items };
}
