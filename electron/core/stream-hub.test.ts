import { describe, expect, it } from 'vitest';
import { recorder, until, type RecordedEvent as Event } from '../../test/support/events';
import { createDemoLab } from '../demo';
import { StreamHub } from './stream-hub';

const sent = (events: Event[]): number =>
  events.reduce((n, e) => n + (e.name === 'stream:data' ? e.payload.data.length : 0), 0);

describe('StreamHub flow control', () => {
  const node1 = createDemoLab().hosts[1]!;
  const flow = { highWater: 32 * 1024, lowWater: 8 * 1024, maxChunk: 4 * 1024 };

  it('stops sending a flood at the high-water mark until the client acknowledges', async () => {
    const { events, emit } = recorder();
    const hub = new StreamHub(emit, flow);
    const id = hub.start(node1, 'yes');
    await until(() => sent(events) >= flow.highWater);
    await new Promise((r) => setTimeout(r, 50));
    // Unacknowledged output never exceeds the window, however fast the producer is.
    expect(sent(events)).toBe(flow.highWater);

    hub.ack(id, flow.highWater - flow.lowWater);
    await until(() => sent(events) >= flow.highWater * 2 - flow.lowWater);
    await new Promise((r) => setTimeout(r, 50));
    expect(sent(events)).toBe(2 * flow.highWater - flow.lowWater);

    hub.cancel(id);
    await until(() => events.some((e) => e.name === 'stream:end'));
    const end = events.find((e) => e.name === 'stream:end');
    expect(end?.payload).toMatchObject({
      streamId: id,
      hostId: 'node1',
      exitCode: null,
      signal: 'TERM',
    });
    expect(
      events
        .filter((e) => e.name === 'stream:data')
        .every((e) => e.payload.data.length <= flow.maxChunk),
    ).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('delivers a short command whole, then its end with the exit code', async () => {
    const { events, emit } = recorder();
    const hub = new StreamHub(emit, flow);
    const id = hub.start(node1, 'hostname');
    await until(() => events.some((e) => e.name === 'stream:end'));
    const text = events.flatMap((e) => (e.name === 'stream:data' ? [e.payload.data] : [])).join('');
    expect(text).toMatch(/^ip-192-168-\d+-\d+\.ap-northeast-2\.compute\.internal\n$/);
    expect(events.at(-1)).toMatchObject({
      name: 'stream:end',
      payload: { streamId: id, exitCode: 0 },
    });
  });

  it('ends every stream when the client goes away', async () => {
    const { events, emit } = recorder();
    const hub = new StreamHub(emit, flow);
    hub.start(node1, 'ping 192.168.2.10');
    hub.start(node1, 'yes');
    await until(() => events.some((e) => e.name === 'stream:data'));
    hub.closeAll();
    await until(() => events.filter((e) => e.name === 'stream:end').length === 2);
    expect(hub.size).toBe(0);
  });

  it('refuses to cancel a stream it does not have', () => {
    const hub = new StreamHub(() => undefined, flow);
    expect(() => hub.cancel('s999999')).toThrow(/no running stream/);
  });
});
