import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../core/compose';
import { createTtyPrompter } from './prompt-tty';
import type { TopologyDeps } from './topology';
import { runTrace, type TraceFlags } from './trace';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
    },
  };
}

const deps: TopologyDeps = {
  openSession: () => {
    const backend = createBackend({
      version: 't',
      transport: 'websocket',
      platform: 'linux',
      log: () => {},
    });
    const session = backend.openSession(() => undefined);
    return { session, close: () => session.close() };
  },
  prompter: createTtyPrompter({ input: Readable.from([]), output: { write: () => true } }),
};

const flags = (f: Partial<TraceFlags>): TraceFlags => ({
  from: 'node/node1',
  to: '10.100.0.10:53',
  acceptNew: false,
  json: true,
  verify: false,
  ...f,
});

interface TraceOut {
  steps: { kind: string; host: string; text: string; lines: string[] }[];
  endpoints: {
    ip: string;
    port: number;
    probability: number;
    node: string | null;
    egressInterface: string | null;
  }[];
}

describe('kubelab trace on the demo', () => {
  it('traces a pod to the nginx Service: every endpoint with its share, node and egress interface', async () => {
    const { out, io } = capture();
    // The demo's nginx pods are found with kubectl on its operator host.
    const pods = await (async () => {
      const { session, close } = deps.openSession();
      try {
        const r = await session.handle('command:exec', {
          workspaceId: 'demo',
          hostIds: ['operator'],
          command: 'kubectl get pods -n default -o name',
        });
        return r.ok ? ((r.value as { stdout: string }[])[0]?.stdout ?? '') : '';
      } finally {
        close();
      }
    })();
    const pod = pods.split('\n')[0]?.replace('pod/', '') ?? '';
    expect(pod).toMatch(/^nginx-/);
    const code = await runTrace(flags({ from: `pod/default/${pod}`, to: 'nginx' }), io, deps);
    const json = JSON.parse(out.stdout) as TraceOut;
    expect(json.endpoints.length).toBeGreaterThan(0);
    expect(json.endpoints.reduce((a, e) => a + e.probability, 0)).toBeCloseTo(1, 9);
    const nodes = json.endpoints.map((e) => e.node);
    expect(nodes.every((n) => n !== null && /^node\d$/.test(n))).toBe(true);
    const source = json.steps[0]?.host;
    for (const e of json.endpoints)
      expect(e.egressInterface).toMatch(e.node === source ? /^eni[0-9a-f]{11}$/ : /^ens\d$/);
    const kinds = json.steps.map((s) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(['netfilter', 'masquerade', 'routing', 'reply']));
    const svc = json.steps.find((s) => s.kind === 'netfilter');
    expect(svc?.lines[0]).toMatch(/^-A KUBE-SERVICES .*default\/nginx.* cluster IP/);
    expect(
      json.steps.filter((s) => s.kind === 'destination').every((s) => s.lines.length === 2),
    ).toBe(true);
    // The pod's resolv.conf (read through kubectl exec) gives the DNS steps: search list, ndots.
    const dns = json.steps.find((s) => s.kind === 'dns');
    expect(dns?.lines).toContain('options ndots:5');
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints readable steps and refuses bad sources and targets', async () => {
    const ok = capture();
    const code = await runTrace(flags({ json: false, to: '10.100.0.1:443' }), ok.io, deps);
    if (process.env.TRACE_DUMP) console.log(ok.out.stdout, ok.out.stderr);
    expect(code).toBe(0);
    expect(ok.out.stdout).toMatch(/^trace node\/node1 → 10\.100\.0\.1:443\n/);
    expect(ok.out.stdout).toContain('| -A KUBE-SERVICES -d 10.100.0.1/32');
    expect(ok.out.stdout).toMatch(/endpoints:\n {2}\d+\.\d+\.\d+\.\d+:443/);
    const bad = capture();
    expect(await runTrace(flags({ from: 'pod/x' }), bad.io, deps)).toBe(2);
    expect(await runTrace(flags({ to: 'a;b' }), bad.io, deps)).toBe(2);
    expect(bad.out.stderr).toContain('--from takes pod/NS/NAME');
  });

  it('follows a bridge and a VXLAN tunnel on the kubeadm-Flannel demo: cni0 locally, flannel.1 across', async () => {
    const { session, close } = deps.openSession();
    const wide = await session
      .handle('command:exec', {
        workspaceId: 'demo-flannel',
        hostIds: ['operator'],
        command: 'kubectl get pods -n default -o wide --no-headers',
      })
      .finally(close);
    const rows = wide.ok ? ((wide.value as { stdout: string }[])[0]?.stdout ?? '') : '';
    const pod = rows.split('\n')[0]?.split(/\s+/)[0] ?? '';
    expect(pod).toMatch(/^nginx-/);
    const { out, io } = capture();
    const code = await runTrace(
      flags({ target: 'demo-flannel', from: `pod/default/${pod}`, to: 'nginx' }),
      io,
      deps,
    );
    expect(code).toBe(0);
    const json = JSON.parse(out.stdout) as TraceOut;
    // Bridged pods have no /32 route: the source's node is the one whose cni0 holds its address.
    const source = json.steps[0]?.host;
    expect(json.endpoints).toHaveLength(3);
    for (const e of json.endpoints)
      expect(e.egressInterface).toBe(e.node === source ? 'cni0' : 'flannel.1');
    const destinations = json.steps.filter((s) => s.kind === 'destination');
    expect(destinations.every((s) => s.text.includes('dev cni0: the bridge in front of'))).toBe(
      true,
    );
  });
});
