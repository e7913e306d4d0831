/**
 * A host's interfaces for the capture panel, from `ip -j addr` (iproute2's JSON, read by the
 * shared parser): names, states, veth peers and addresses, so `eni…` and `ens6` can be told apart.
 */
import type { CaptureInterface } from '../../shared/api/contract-capture';
import { ApiError } from '../../shared/api/reply';
import { parseIpAddrJson } from '../../shared/parsers/ip';
import type { Host } from '../hosts/host';
import { INTERFACES_COMMAND } from './command';

export async function listInterfaces(host: Host): Promise<CaptureInterface[]> {
  const result = await host.exec(INTERFACES_COMMAND, { timeoutMs: 15_000 });
  if (result.exitCode !== 0)
    throw new ApiError(
      'unavailable',
      `ip -j addr failed on ${host.description.name}: ${result.stderr.trim() || `exit ${String(result.exitCode)}`}`,
    );
  const { value } = parseIpAddrJson(result.stdout);
  if (value.length === 0)
    throw new ApiError(
      'unavailable',
      `ip -j addr on ${host.description.name} listed no interfaces`,
    );
  return value.map((link) => ({
    name: link.ifname,
    ...(link.ifindex === undefined ? {} : { ifindex: link.ifindex }),
    state: link.state,
    flags: link.flags,
    ...(link.mtu === undefined ? {} : { mtu: link.mtu }),
    ...(link.mac === undefined ? {} : { mac: link.mac }),
    ...(link.linkType === undefined ? {} : { linkType: link.linkType }),
    ...(link.peerIfindex === undefined ? {} : { peerIfindex: link.peerIfindex }),
    ...(link.master === undefined ? {} : { master: link.master }),
    addresses: link.addresses.map((a) => `${a.address}/${a.prefixlen}`),
  }));
}
