import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api/contract';
import { createDemoLab } from '../demo';
import { CaptureHub } from './capture-hub';

type Event = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('capture hub on the demo lab', () => {
  it(
    'drops and counts what a client that never acknowledges cannot take, never buffering without bound',
    { timeout: 20_000 },
    async () => {
      const lab = createDemoLab();
      const events: Event[] = [];
      const hub = new CaptureHub(
        <E extends EventName>(name: E, payload: EventPayload<E>) =>
          events.push({ name, payload } as Event),
        { window: 10, capacity: 30, batch: 4 },
      );
      const nodes = lab.hosts.filter((h) => h.description.role === 'node');
      const { captureId } = hub.start({
        hosts: nodes,
        iface: 'any',
        maxPackets: 100_000,
        maxSeconds: 30,
      });
      await until(() => events.filter((e) => e.name === 'capture:status').length === 3);
      await lab.hosts[0]?.exec('kubelab-traffic start --every 0.05');
      // Without acks no batch goes out past the window, so let the loop run a while.
      await until(() => events.some((e) => e.name === 'capture:packets'), 10_000);
      await new Promise((r) => setTimeout(r, 1000));
      await lab.hosts[0]?.exec('kubelab-traffic stop all');
      hub.stop(captureId);
      await until(() => events.some((e) => e.name === 'capture:end'));
      const end = events.find((e) => e.name === 'capture:end');
      const sent = events.flatMap((e) => (e.name === 'capture:packets' ? e.payload.packets : []));
      if (end?.name !== 'capture:end') throw new Error('no end');
      expect(end.payload.reason).toBe('stopped');
      expect(end.payload.dropped).toBeGreaterThan(0);
      expect(sent.length + end.payload.dropped).toBe(end.payload.packets);
      // Unacknowledged: the window (10) per stream, then at most the capacity (30) at the end.
      for (const s of end.payload.streams) expect(s.packets - s.dropped).toBeLessThanOrEqual(40);
    },
  );

  it('lists a demo node’s interfaces from ip -j addr: ens5 and the pods’ eni veths', async () => {
    const lab = createDemoLab();
    const { listInterfaces } = await import('./interfaces');
    const node1 = lab.hosts.find((h) => h.description.id === 'node1');
    if (!node1) throw new Error('no node1');
    const names = (await listInterfaces(node1)).map((i) => i.name);
    expect(names).toContain('ens5');
    expect(names.some((n) => /^eni[0-9a-f]{11}$/.test(n))).toBe(true);
  });
});
