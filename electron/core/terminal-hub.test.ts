import { describe, expect, it } from 'vitest';
import { recorder, until, type RecordedEvent as Event } from '../../test/support/events';
import { ApiError } from '../../shared/api/reply';
import { createDemoLab } from '../demo';
import { Backend } from './backend';
import { TerminalHub } from './terminal-hub';
import { WorkspaceRegistry } from './workspaces';

const text = (events: Event[]): string =>
  events.flatMap((e) => (e.name === 'terminal:data' ? [e.payload.data] : [])).join('');

const PROMPT = /\[ec2-user@ip-[\d-]+ ~\]\$ $/;
const size = { cols: 80, rows: 24 };

describe('TerminalHub', () => {
  const node1 = createDemoLab({ latencyMs: [0, 0] }).hosts[1]!;
  const flow = { highWater: 32 * 1024, lowWater: 8 * 1024, maxChunk: 4 * 1024 };

  it('pauses a yes flood at the high-water mark and resumes it after acks', async () => {
    const { events, emit } = recorder();
    const hub = new TerminalHub(emit, flow);
    const id = await hub.open(node1, size);
    await until(() => PROMPT.test(text(events)));
    const greeting = text(events).length;
    hub.ack(id, greeting);
    hub.input(id, 'yes\r');
    await until(() => text(events).length - greeting >= flow.highWater);
    await new Promise((r) => setTimeout(r, 50));
    // Unacknowledged output never exceeds the window, however fast the shell prints.
    expect(text(events).length - greeting).toBe(flow.highWater);

    hub.ack(id, flow.highWater - flow.lowWater);
    await until(() => text(events).length - greeting >= 2 * flow.highWater - flow.lowWater);
    await new Promise((r) => setTimeout(r, 50));
    expect(text(events).length - greeting).toBe(2 * flow.highWater - flow.lowWater);
    expect(
      events.every((e) => e.name !== 'terminal:data' || e.payload.data.length <= flow.maxChunk),
    ).toBe(true);

    // Ctrl-C goes through at once while output is held, and the output not yet sent is dropped
    // (as a tty does on an interrupt): what follows is ^C and the prompt, nothing of the flood.
    const beforeInterrupt = text(events).length;
    hub.input(id, '\u0003');
    hub.ack(id, 2 * flow.highWater);
    await until(() => PROMPT.test(text(events)));
    expect(text(events).slice(beforeInterrupt)).toMatch(/^\^C\r\n\[ec2-user@ip-[\d-]+ ~\]\$ $/);
    hub.closeAll();
  });

  it('ends the shell on close and reports its exit once', async () => {
    const { events, emit } = recorder();
    const hub = new TerminalHub(emit, flow);
    const id = await hub.open(node1, size);
    await until(() => PROMPT.test(text(events)));
    hub.input(id, 'yes\r');
    await until(() => text(events).includes('y\r\ny\r\n'));
    hub.close(id);
    await until(() => events.some((e) => e.name === 'terminal:exit'));
    expect(events.filter((e) => e.name === 'terminal:exit')).toEqual([
      { name: 'terminal:exit', payload: { terminalId: id, exitCode: null, signal: 'HUP' } },
    ]);
    expect(events.at(-1)?.name).toBe('terminal:exit');
    expect(hub.size).toBe(0);
    expect(() => hub.input(id, 'x')).toThrow(ApiError);
  });

  it('reports a shell that exits by itself with its status', async () => {
    const { events, emit } = recorder();
    const hub = new TerminalHub(emit, flow);
    const id = await hub.open(node1, size);
    hub.input(id, 'exit 4\r');
    await until(() => events.some((e) => e.name === 'terminal:exit'));
    expect(text(events)).toMatch(/logout\r\n$/);
    expect(events.at(-1)).toEqual({
      name: 'terminal:exit',
      payload: { terminalId: id, exitCode: 4 },
    });
  });
});

describe('Session terminals', () => {
  it('open through the API, resize, and all end when the session closes', async () => {
    const lab = createDemoLab({ latencyMs: [0, 0] });
    const registry = new WorkspaceRegistry();
    registry.add({ ...lab.workspace, hosts: lab.hosts });
    const backend = new Backend(registry, { version: '0', transport: 'websocket', platform: 'x' });
    const { events, emit } = recorder();
    const session = backend.openSession(emit);
    const ids: string[] = [];
    for (const hostId of ['node1', 'operator']) {
      const reply = await session.handle('terminal:open', {
        workspaceId: 'demo',
        hostId,
        cols: 100,
        rows: 30,
      });
      if (!reply.ok) throw new Error(reply.error.message);
      ids.push((reply.value as { terminalId: string }).terminalId);
    }
    await expect(
      session.handle('terminal:resize', { terminalId: ids[0], cols: 120, rows: 40 }),
    ).resolves.toEqual({ ok: true, value: null });
    await expect(
      session.handle('terminal:open', { workspaceId: 'demo', hostId: 'nope', cols: 80, rows: 24 }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    await expect(
      session.handle('terminal:input', { terminalId: ids[0], data: '' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    await session.handle('terminal:input', { terminalId: ids[0], data: 'yes\r' });
    await until(() => events.some((e) => e.name === 'terminal:data'));
    session.close();
    await until(() => events.filter((e) => e.name === 'terminal:exit').length === 2);
    const exited = events.flatMap((e) => (e.name === 'terminal:exit' ? [e.payload] : []));
    expect(exited.map((e) => e.terminalId).sort()).toEqual([...ids].sort());
    expect(exited.every((e) => e.signal === 'HUP')).toBe(true);
  });
});
