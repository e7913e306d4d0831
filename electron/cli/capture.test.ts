import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pcapPathFor, runCapture, type CaptureFlags } from './capture';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    output: {
      stdout: (s: string, done?: () => void) => {
        out.stdout += s;
        done?.();
      },
      stderr: (s: string) => (out.stderr += s),
    },
  };
}

const flags = (over: Partial<CaptureFlags>): CaptureFlags => ({
  acceptNew: false,
  hosts: ['node1'],
  iface: 'any',
  count: 10,
  duration: 30,
  json: true,
  ...over,
});

const deps = (signals = new EventEmitter()) => ({
  prompter: {
    hostKey: () => Promise.resolve('reject' as const),
    secret: () => Promise.resolve(null),
  },
  signals,
});

describe('kubelab capture', () => {
  it('refuses a bad interface, filter or host before anything runs (exit 2)', async () => {
    const cases: [Partial<CaptureFlags>, string][] = [
      [{ iface: 'eth0;id' }, '--iface: an interface name may only contain'],
      [{ filter: 'port 80 `id`' }, '--filter: the filter contains "`"'],
      [{ hosts: ['node9'] }, 'no host "node9" in workspace demo'],
      [{ hosts: ['node1', 'node1'] }, 'a host is named twice'],
      [{ knownHosts: 'k' }, '--known-hosts and --accept-new need --ssh-config'],
    ];
    for (const [over, message] of cases) {
      const { out, output } = io();
      expect(await runCapture(flags(over), output, deps())).toBe(2);
      expect(out.stderr).toContain(message);
    }
  });

  it('ends at the duration, and on SIGINT, every demo tcpdump with it (exit 0)', async () => {
    const a = io();
    expect(await runCapture(flags({ duration: 1 }), a.output, deps())).toBe(0);
    expect(a.out.stderr).toMatch(
      /node1: listening on any[^]*node1: \d+ packets \(0 dropped\), duration/,
    );
    const signals = new EventEmitter();
    const b = io();
    const run = runCapture(
      flags({ hosts: ['node2', 'node3'], iface: 'ens5' }),
      b.output,
      deps(signals),
    );
    while (!/node3: listening/.test(b.out.stderr) || !/node2: listening/.test(b.out.stderr))
      await new Promise((r) => setTimeout(r, 5));
    signals.emit('SIGINT');
    expect(await run).toBe(0);
    expect(b.out.stderr).toMatch(/node2: \d+ packets \(0 dropped\), stopped/);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('names one pcap per host when there are several', () => {
    expect(pcapPathFor('/tmp/x.pcap', 'node1', 1)).toBe('/tmp/x.pcap');
    expect(pcapPathFor('/tmp/x.pcap', 'node1', 2)).toBe('/tmp/x-node1.pcap');
    expect(pcapPathFor('/tmp/x', 'node2', 2)).toBe('/tmp/x-node2.pcap');
  });
});
