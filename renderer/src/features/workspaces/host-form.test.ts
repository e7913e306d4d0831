import { describe, expect, it } from 'vitest';
import type { SavedHost } from '../../../../shared/model/saved-workspace';
import { EMPTY_HOST_FORM, formFromHost, hostFromForm, idFromName } from './host-form';

const operator: SavedHost = {
  id: 'operator',
  name: 'operator',
  role: 'operator',
  address: '13.125.1.10',
  port: 22,
  user: 'ec2-user',
  auth: { kind: 'key', identityFile: '~/.ssh/kp.pem' },
  jumps: [],
  tags: [],
};
const workspace = { hosts: [operator] };

describe('hostFromForm', () => {
  it('builds a node that jumps through the operator host', () => {
    const result = hostFromForm(
      {
        ...EMPTY_HOST_FORM,
        name: 'Node 1',
        address: '192.168.1.50',
        jumps: ['operator'],
        tags: 'ap-northeast-2a, t3.medium',
      },
      workspace,
      null,
    );
    expect(result).toEqual({
      ok: true,
      host: {
        id: 'node-1',
        name: 'Node 1',
        role: 'node',
        address: '192.168.1.50',
        port: 22,
        user: 'ec2-user',
        auth: { kind: 'agent' },
        jumps: ['operator'],
        tags: ['ap-northeast-2a', 't3.medium'],
      },
    });
  });

  it('names every wrong field instead of saving', () => {
    const result = hostFromForm(
      {
        ...EMPTY_HOST_FORM,
        id: 'operator',
        address: '-oProxyCommand=touch /tmp/x',
        port: '70000',
        user: 'ec2 user',
        jumps: ['nowhere'],
      },
      workspace,
      null,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['address', 'id', 'jumps', 'port', 'user']);
    expect(result.errors.id).toMatch(/already a host "operator"/);
  });

  it('lets an edit keep its own id and refuses a self-jump', () => {
    const form = { ...formFromHost(operator), jumps: ['operator'] };
    const result = hostFromForm(form, workspace, 'operator');
    expect(result).toMatchObject({ ok: false, errors: { jumps: /itself/ } });
    expect(hostFromForm(formFromHost(operator), workspace, 'operator')).toEqual({
      ok: true,
      host: operator,
    });
  });
});

describe('idFromName', () => {
  it('makes a safe id from what people type', () => {
    expect(idFromName('Node 1 (AZ a)')).toBe('node-1-az-a');
    expect(idFromName('ip-192-168-1-50.ap-northeast-2.compute.internal')).toBe(
      'ip-192-168-1-50.ap-northeast-2.compute.internal',
    );
  });
});
