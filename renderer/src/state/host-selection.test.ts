import { describe, expect, it } from 'vitest';
import type { HostRole, HostSummary } from '../../../shared/model/workspace';
import {
  defaultSelection,
  isExactlyRoles,
  normalizeSelection,
  selectRoles,
  toggleHost,
} from './host-selection';

function host(id: string, role: HostSummary['role']): HostSummary {
  return { id, name: id, role, address: '10.0.0.1', tags: [], state: { kind: 'idle' } };
}

const hosts = [host('op', 'operator'), host('n1', 'node'), host('n2', 'node'), host('x', 'other')];

describe('host selection', () => {
  it.each([
    [
      ['n2', 'op', 'gone', 'n2'],
      ['op', 'n2'],
    ],
    [[], []],
  ])('normalizes %j to %j', (ids, expected) => {
    expect(normalizeSelection(hosts, ids)).toEqual(expected);
  });

  it.each([
    [['n1'], 'n2', ['n1', 'n2']],
    [['n1', 'n2'], 'n1', ['n2']],
    [['n2'], 'op', ['op', 'n2']],
  ])('toggles %j with %s → %j', (selection, id, expected) => {
    expect(toggleHost(hosts, selection, id)).toEqual(expected);
  });

  it('selects by role', () => {
    expect(selectRoles(hosts, ['node'])).toEqual(['n1', 'n2']);
    expect(selectRoles(hosts, ['operator', 'other'])).toEqual(['op', 'x']);
  });

  it.each([
    [hosts, ['n1', 'n2']],
    [
      [host('op', 'operator'), host('x', 'other')],
      ['op', 'x'],
    ],
    [[], []],
  ])('defaults to the nodes, else everything', (list, expected) => {
    expect(defaultSelection(list)).toEqual(expected);
  });

  const exact: [string[], HostRole[], boolean][] = [
    [['n1', 'n2'], ['node'], true],
    [['n1'], ['node'], false],
    [['op', 'n1', 'n2'], ['node'], false],
    [[], ['operator'], false],
    [[], [], false],
  ];
  it.each(exact)('%j is exactly %j: %s', (selection, roles, expected) => {
    expect(isExactlyRoles(hosts, selection, roles)).toBe(expected);
  });
});
