import { describe, expect, it } from 'vitest';
import { createDemoLab } from '../index';
import { writeOut } from './write-out';

describe('curl -w on the demo', () => {
  it('expands the variables curl knows and prints unknown ones empty', () => {
    const t = { status: 200, remoteIp: '10.100.0.10', remotePort: 80, seconds: 0.002 };
    expect(writeOut('%{http_code} %{remote_ip}:%{remote_port}\\n', t)).toBe('200 10.100.0.10:80\n');
    expect(writeOut('%{time_total}\\t%{size_download}', t)).toBe('0.002000\t');
    expect(writeOut('%{http_code}', { ...t, status: 0 })).toBe('000');
  });

  it('reports the address curl connected to: the Service VIP, not the endpoint behind DNAT', async () => {
    const lab = createDemoLab();
    const node1 = lab.hosts.find((h) => h.description.id === 'node1');
    const vip = lab.model.cluster.services.find((s) => s.name === 'nginx')?.clusterIp ?? '';
    const r = await node1?.exec(
      `curl -s -o /dev/null -w '%{http_code} %{remote_ip}:%{remote_port}' http://${vip}/`,
    );
    expect(r?.stdout).toBe(`200 ${vip}:80`);
  });
});
