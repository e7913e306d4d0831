import { describe, expect, it } from 'vitest';
import { filterProblem, ifaceProblem, isValidFilter, isValidIface } from './capture-validate';

describe('capture interface names', () => {
  it.each([
    'any',
    'ens5',
    'eni1a2b3c4d5e6',
    'cali12ab34cd56e',
    'veth1234abcd',
    'flannel.1',
    'kube-ipvs0',
    'eth0.100',
    'vxlan.calico',
    'cilium_host',
    'lo',
  ])('accepts %s', (name) => expect(ifaceProblem(name)).toBeUndefined());

  it.each([
    ['', 'empty'],
    ['a234567890123456', '15 bytes'],
    ['.', 'not an interface'],
    ['..', 'not an interface'],
    ['eth0;reboot', 'letters, digits'],
    ['eth0 x', 'whitespace'],
    ['a/b', '"/"'],
    ['eth0:1', '":"'],
    ['-w', 'start with "-"'],
    ['$(reboot)', 'letters, digits'],
    ['`id`', 'letters, digits'],
    ["e'th", 'letters, digits'],
    ['eth\n0', 'whitespace'],
    ['éth0', 'letters, digits'],
  ])('refuses %j (%s)', (name, why) => {
    expect(ifaceProblem(name)).toContain(why);
    expect(isValidIface(name)).toBe(false);
  });
});

describe('capture filters', () => {
  it.each([
    '',
    'tcp port 80',
    'host 10.100.0.10 and (tcp port 80 or icmp)',
    'net 192.168.0.0/16 and not port 22',
    'tcp[tcpflags] & (tcp-syn|tcp-fin) != 0',
    'ip6 host fe80::1',
    'ether host aa:bb:cc:dd:ee:ff',
    'ether proto \\ip',
    'len > 100 && !udp',
    'portrange 30000-32767',
  ])('accepts %j', (filter) => expect(filterProblem(filter)).toBeUndefined());

  it.each([
    ['port 80; touch /tmp/x', '";"'],
    ['port 80 $(touch /tmp/x)', '"$"'],
    ['port `id`', '"`"'],
    ["port 80' ; id '", `"'"`],
    ['port 80\ntouch /tmp/x', 'U+000a'],
    ['-w /tmp/x', 'start with "-"'],
    ['port 80 # x', '"#"'],
    ['{a,b}', '"{"'],
    ['x'.repeat(1025), 'longer than 1024'],
  ])('refuses %j', (filter, why) => {
    expect(filterProblem(filter)).toContain(why);
    expect(isValidFilter(filter)).toBe(false);
  });
});
