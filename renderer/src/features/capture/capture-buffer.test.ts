import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../../shared/model/capture/filter';
import type { CapturedPacket } from '../../../../shared/model/capture/packet';
import { parseTcpdump } from '../../../../shared/parsers/tcpdump';
import { buildBpf, EMPTY_BPF } from './bpf-builder';
import { CaptureBuffer } from './capture-buffer';
import { cellsOf, exportJson } from './packet-row';

const [TEMPLATE] = parseTcpdump(
  '10:00:00.100000 ens5  Out IP 192.168.1.10.40000 > 192.168.2.20.8080: Flags [S], seq 3001, win 64240, length 0',
).value;

function pkt(buffer: CaptureBuffer, host: string, timeUs: number, port = 8080): CapturedPacket {
  return {
    seq: buffer.takeSeq(),
    host,
    iface: 'ens5',
    timeUs,
    packet: { ...TEMPLATE!, dport: port },
  };
}

const order = (b: CaptureBuffer) => b.visible().map((p) => `${p.host}@${p.timeUs}`);

describe('CaptureBuffer', () => {
  it('merges streams that arrive late onto one timeline', () => {
    const b = new CaptureBuffer();
    b.add([pkt(b, 'a', 10), pkt(b, 'a', 30)]);
    b.flush();
    b.add([pkt(b, 'b', 20), pkt(b, 'b', 40)]);
    b.flush();
    b.add([pkt(b, 'a', 35)]);
    b.flush();
    expect(order(b)).toEqual(['a@10', 'b@20', 'a@30', 'a@35', 'b@40']);
  });

  it('keeps the filter over merged tails and new arrivals', () => {
    const b = new CaptureBuffer();
    const f = compileFilter('port 80');
    if (!f.ok) throw new Error(f.message);
    b.setFilter(f.match);
    b.add([pkt(b, 'a', 10, 80), pkt(b, 'a', 30, 443)]);
    b.flush();
    b.add([pkt(b, 'b', 20, 80), pkt(b, 'b', 40, 80)]);
    b.flush();
    expect(order(b)).toEqual(['a@10', 'b@20', 'b@40']);
    b.setFilter(() => true);
    expect(b.length).toBe(4);
    expect(b.stats()).toEqual({ received: 4, retained: 4, pending: 0, dropped: 0, shown: 4 });
  });

  it('bounds what it keeps and counts what it pushed out: received = retained + pending + dropped', () => {
    const b = new CaptureBuffer(100, 50);
    for (let i = 0; i < 30; i++) {
      b.add(Array.from({ length: 10 }, (_, k) => pkt(b, 'a', i * 10 + k)));
      b.flush();
    }
    const s = b.stats();
    expect(s.retained).toBe(100);
    expect(s.dropped).toBe(200);
    expect(s.received).toBe(s.retained + s.pending + s.dropped);
    expect(b.at(0)?.timeUs).toBe(200);
    expect(b.at(99)?.timeUs).toBe(299);
  });

  it('pauses without losing packets until the pending bound, then drops the oldest', () => {
    const b = new CaptureBuffer(1000, 80);
    b.setPaused(true);
    for (let i = 0; i < 10; i++)
      b.add(Array.from({ length: 10 }, (_, k) => pkt(b, 'a', i * 10 + k)));
    expect(b.flush()).toBe(false);
    expect(b.length).toBe(0);
    const paused = b.stats();
    expect(paused.received).toBe(100);
    expect(paused.pending + paused.dropped).toBe(100);
    expect(paused.pending).toBeLessThanOrEqual(80 + 10);
    b.setPaused(false);
    const s = b.stats();
    expect(s.retained + s.dropped).toBe(100);
    expect(b.at(b.length - 1)?.timeUs).toBe(99);
  });

  it('finds rows by seq and clears', () => {
    const b = new CaptureBuffer();
    const p = pkt(b, 'a', 5);
    b.add([pkt(b, 'a', 1), p]);
    b.flush();
    expect(b.indexOfSeq(p.seq)).toBe(1);
    b.clear();
    expect(b.stats()).toEqual({ received: 0, retained: 0, pending: 0, dropped: 0, shown: 0 });
  });
});

describe('rows and export', () => {
  it('shows the table cells and exports the CLI field names', () => {
    const b = new CaptureBuffer();
    const p = pkt(b, 'node-a', 36_000_100_000);
    expect(cellsOf(p)).toEqual({
      time: '10:00:00.100000',
      host: 'node-a',
      iface: 'ens5',
      dir: 'Out',
      src: '192.168.1.10:40000',
      dst: '192.168.2.20:8080',
      proto: 'TCP',
      flags: 'S',
      length: '0',
      info: 'seq 3001, win 64240',
    });
    const doc = JSON.parse(exportJson([p])) as { packets: Record<string, unknown>[] };
    expect(doc.packets[0]).toMatchObject({
      host: 'node-a',
      iface: 'ens5',
      direction: 'Out',
      proto: 'tcp',
      src: '192.168.1.10',
      dst: '192.168.2.20',
      sport: 40000,
      dport: 8080,
      flags: 'S',
      length: 0,
      flow: 'tcp 192.168.1.10:40000 192.168.2.20:8080',
    });
  });
});

describe('buildBpf', () => {
  it.each([
    [{}, ''],
    [{ host: '10.100.0.10', port: '80' }, 'host 10.100.0.10 and port 80'],
    [{ proto: 'icmp', net: '192.168.0.0/16' }, 'icmp and net 192.168.0.0/16'],
    [{ port: '53', raw: 'udp or tcp' }, 'port 53 and (udp or tcp)'],
    [{ raw: 'not port 22' }, 'not port 22'],
  ] as const)('%j → %s', (fields, filter) => {
    expect(buildBpf({ ...EMPTY_BPF, ...fields })).toEqual({ ok: true, filter });
  });

  it.each([
    [{ port: '70000' }, 'port "70000" is not 0-65535'],
    [{ host: 'a;b' }, 'host "a;b" is not an address'],
    [{ net: '10.0.0.0/99' }, 'net "10.0.0.0/99" is not a CIDR like 10.0.0.0/16'],
  ])('%j is refused', (fields, message) => {
    expect(buildBpf({ ...EMPTY_BPF, ...fields })).toEqual({ ok: false, message });
  });
});
