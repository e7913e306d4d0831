import { describe, expect, it } from 'vitest';
import { RunItem } from '../../shared/model/runbook/schema';
import { createDemoLab } from '../demo';
import { commandFailure, commandLine, resolveHosts } from './commands';

const hosts = createDemoLab().hosts;
const ids = (r: ReturnType<typeof resolveHosts>) =>
  'error' in r ? r.error : r.hosts.map((h) => h.description.id);

describe('resolveHosts', () => {
  it('reads roles, host ids and variables', () => {
    expect(ids(resolveHosts('operator', hosts, {}))).toEqual(['operator']);
    expect(ids(resolveHosts('nodes', hosts, {}))).toEqual(['node1', 'node2', 'node3']);
    expect(ids(resolveHosts('all', hosts, {}))).toHaveLength(4);
    expect(ids(resolveHosts('${web.0.host}', hosts, { 'web.0.host': 'node2' }))).toEqual(['node2']);
  });
  it('names the hosts there are when none matches', () => {
    expect(ids(resolveHosts('node9', hosts, {}))).toBe(
      'on: node9 names no host of this workspace (hosts: operator, node1, node2, node3)',
    );
    expect(ids(resolveHosts('${x}', hosts, {}))).toBe('on: not bound: ${x}');
  });
});

describe('commandLine', () => {
  it('builds a capture’s tcpdump with the filter as one argument', () => {
    const item = RunItem.parse({
      on: 'node1',
      mode: 'capture',
      iface: '${veth}',
      filter: 'icmp and host ${ip}',
      count: 5,
    });
    expect(commandLine(item, { veth: 'eni0b817054c0d', ip: '192.168.1.39' })).toEqual({
      ok: true,
      value: "sudo -n tcpdump -i eni0b817054c0d -nn -l -c 5 'icmp and host 192.168.1.39'",
    });
  });
  it('refuses an interface variable that is not an interface name', () => {
    const item = RunItem.parse({ on: 'node1', mode: 'capture', iface: '${veth}' });
    expect(commandLine(item, { veth: 'eth0; reboot' })).toEqual({
      ok: false,
      error: 'iface "eth0; reboot" is not an interface name',
    });
  });
  it('quotes a bound value into a single word of a command', () => {
    const item = RunItem.parse({ on: 'node1', command: 'ping -c1 ${ip}' });
    expect(commandLine(item, { ip: '1.2.3.4 && reboot' })).toEqual({
      ok: true,
      value: "ping -c1 '1.2.3.4 && reboot'",
    });
  });
});

describe('commandFailure', () => {
  const base = {
    v: 1 as const,
    kind: 'command' as const,
    at: '',
    end: '',
    source: 'runbook' as const,
    hostId: 'node1',
    command: 'x',
    mode: 'once' as const,
    durationMs: 1,
    stdout: '',
    stderr: '',
  };
  it('says how a command failed, quoting its first line', () => {
    expect(commandFailure({ ...base, exitCode: 0 })).toBeUndefined();
    expect(
      commandFailure({ ...base, exitCode: 127, stderr: 'bash: x: command not found\nmore' }),
    ).toBe('node1 `x`: exit 127 (bash: x: command not found)');
    expect(
      commandFailure({
        ...base,
        exitCode: null,
        error: { code: 'timeout', message: 'timed out after 30 s' },
      }),
    ).toBe('node1 `x`: timed out after 30 s');
  });
});
