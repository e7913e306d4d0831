/**
 * The links of a minikube-Calico or kubeadm-Flannel host: lo, the uplink (`eth0` in a minikube
 * docker node, `ens3` on a kubeadm VM), the CNI's devices (`tunl0@NONE` or `vxlan.calico`;
 * `flannel.1` and the `cni0` bridge) and one host-side veth per pod (`caliXXXX`, or
 * `vethXXXX@ifN master cni0`). Each carries the details `ip -d link` prints.
 */
import { broadcastOf, nthIp, prefixOf } from '../model/ipv4';
import { overlayMtu, podEth0Ifindex } from '../model/overlay-ipam';
import type { OverlayCni } from '../model/types';
import { linkLocal, type HostFacts } from './facts';
import type { Address, Link } from './net-types';

const UP = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];

const ll = (mac: string): Address => ({
  family: 'inet6',
  local: linkLocal(mac),
  prefixlen: 64,
  scope: 'link',
  protocol: 'kernel_ll',
});

const hostAddress = (ip: string, dev: string): Address => ({
  family: 'inet',
  local: ip,
  prefixlen: 32,
  scope: 'global',
  label: dev,
});

/** The tunnel device's name: `tunl0`, `vxlan.calico` or `flannel.1`. */
export function tunnelDevice(overlay: OverlayCni): string {
  if (overlay.kind === 'flannel') return 'flannel.1';
  return overlay.encapsulation === 'ipip' ? 'tunl0' : 'vxlan.calico';
}

function tunnel(f: HostFacts, overlay: OverlayCni, block: string): Link {
  const name = tunnelDevice(overlay);
  const address = hostAddress(nthIp(block, 0), name);
  if (overlay.encapsulation === 'ipip') {
    return {
      ifindex: 2,
      ifname: name,
      kind: 'ipip',
      flags: ['NOARP', 'UP', 'LOWER_UP'],
      mtu: 1480,
      qdisc: 'noqueue',
      operstate: 'UNKNOWN',
      txqlen: 1000,
      mac: '0.0.0.0',
      addresses: [address],
      details: { kind: 'ipip' },
    };
  }
  const mac = f.inst.vtepMac ?? '00:00:00:00:00:00';
  const isFlannel = overlay.kind === 'flannel';
  return {
    ifindex: isFlannel ? 3 : 4,
    ifname: name,
    kind: 'vxlan',
    flags: UP,
    mtu: 1450,
    qdisc: 'noqueue',
    operstate: 'UNKNOWN',
    mac,
    addresses: [address, ll(mac)],
    details: {
      kind: 'vxlan',
      // Flannel's VXLAN backend: VNI 1 on Linux's legacy port 8472; Calico: VNI 4096 on 4789.
      vxlan: {
        id: isFlannel ? 1 : 4096,
        local: f.inst.privateIp,
        port: isFlannel ? 8472 : 4789,
        dev: overlay.nodeInterface,
      },
    },
  };
}

export function overlayLinks(f: HostFacts, overlay: OverlayCni): Link[] {
  const links: Link[] = [
    {
      ifindex: 1,
      ifname: 'lo',
      kind: 'loopback',
      flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
      mtu: 65536,
      qdisc: 'noqueue',
      operstate: 'UNKNOWN',
      txqlen: 1000,
      mac: '00:00:00:00:00:00',
      addresses: [
        { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo' },
        { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host', isNoPrefixRoute: true },
      ],
    },
  ];
  for (const eni of f.enis) {
    links.push({
      ifindex: eni.ifindex,
      ifname: eni.ifname,
      kind: 'ether',
      flags: UP,
      mtu: 1500,
      qdisc: 'fq_codel',
      operstate: 'UP',
      txqlen: 1000,
      mac: eni.mac,
      addresses: [
        {
          family: 'inet',
          local: eni.primaryIp,
          prefixlen: f.prefix,
          broadcast: broadcastOf(f.subnet.cidr),
          scope: 'global',
          label: eni.ifname,
        },
        ll(eni.mac),
      ],
    });
  }
  const block = f.inst.podCidr;
  if (f.inst.role === 'node' && block) {
    links.push(tunnel(f, overlay, block));
    if (overlay.kind === 'flannel') {
      const mac = f.inst.bridgeMac ?? '00:00:00:00:00:00';
      links.push({
        ifindex: 4,
        ifname: 'cni0',
        kind: 'bridge',
        flags: UP,
        mtu: 1450,
        qdisc: 'noqueue',
        operstate: 'UP',
        txqlen: 1000,
        mac,
        addresses: [
          {
            family: 'inet',
            local: nthIp(block, 1),
            prefixlen: prefixOf(block),
            broadcast: broadcastOf(block),
            scope: 'global',
            label: 'cni0',
          },
          ll(mac),
        ],
        details: { kind: 'bridge' },
      });
    }
  }
  for (const pod of f.pods) {
    const n = pod.network;
    if (!n) continue;
    links.push({
      ifindex: n.vethIfindex,
      ifname: n.veth,
      kind: 'veth',
      flags: UP,
      mtu: overlayMtu(overlay),
      qdisc: 'noqueue',
      operstate: 'UP',
      mac: n.vethMac,
      peer: { ifindex: podEth0Ifindex(overlay), netnsName: n.netnsName, netnsId: n.netnsId },
      addresses: [ll(n.vethMac)],
      ...(overlay.kind === 'flannel' ? { master: 'cni0' } : {}),
      details: { kind: 'veth' },
    });
  }
  return links.sort((a, b) => a.ifindex - b.ifindex);
}
