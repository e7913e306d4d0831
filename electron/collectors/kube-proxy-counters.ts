import type { DistributionSample, DistributionTarget } from '../../shared/api/contract-kube-proxy';
import { ApiError } from '../../shared/api/reply';
import { iptablesDistribution, ipvsDistribution } from '../../shared/model/kube-proxy/distribution';
import { parseIptables } from '../../shared/parsers/iptables';
import { parseIpvsadm } from '../../shared/parsers/ipvsadm';
import type { Host } from '../hosts/host';
import { needsSudoPassword, SudoPasswordRequiredError, sudoCommand } from '../ssh/sudo';

const TIMEOUT_MS = 8000;

/** iptables and ipvsadm need root: `sudo -n --` unless the host logs in as root. */
export function privileged(host: Host, argv: string[]): string {
  return sudoCommand(host.description.user ?? '', argv);
}

/** `ipvsadm`'s service option for a protocol: -t, -u or --sctp-service. */
function ipvsService(target: Extract<DistributionTarget, { mode: 'ipvs' }>): string[] {
  const flag = { tcp: '-t', udp: '-u', sctp: '--sctp-service' }[target.protocol];
  return [flag, `${target.vip}:${target.port}`];
}

async function run(host: Host, command: string): Promise<string> {
  const result = await host.exec(command, { timeoutMs: TIMEOUT_MS });
  if (result.exitCode === 0) return result.stdout;
  if (needsSudoPassword(result.stderr)) {
    const error = new SudoPasswordRequiredError(host.description.user ?? '', host.description.name);
    throw new ApiError('unavailable', error.message);
  }
  const said = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
  throw new ApiError('internal', `${command}: ${said || `exit ${String(result.exitCode)}`}`);
}

/** Zeroes one Service port's counters: `iptables -t nat -Z <chain>` or `ipvsadm -Z -t VIP:PORT`. */
export async function zeroDistribution(
  host: Host,
  target: DistributionTarget,
): Promise<{ command: string; zeroedAt: string }> {
  const command =
    target.mode === 'iptables'
      ? privileged(host, ['iptables', '-t', 'nat', '-Z', target.chain])
      : privileged(host, ['ipvsadm', '-Z', ...ipvsService(target)]);
  await run(host, command);
  return { command, zeroedAt: new Date().toISOString() };
}

/**
 * Reads one Service port's hits per endpoint since the last zero: `iptables -t nat -L <chain> -n
 * -v -x`, or `ipvsadm -Ln -t VIP:PORT` (scheduler, weights) with its `--stats` (Conns).
 */
export async function readDistribution(
  host: Host,
  target: DistributionTarget,
): Promise<DistributionSample> {
  const warnings: string[] = [];
  if (target.mode === 'iptables') {
    const command = privileged(host, [
      'iptables',
      '-t',
      'nat',
      '-L',
      target.chain,
      '-n',
      '-v',
      '-x',
    ]);
    const parsed = parseIptables(await run(host, command), { table: 'nat' });
    warnings.push(...parsed.warnings.slice(0, 5).map((w) => `line ${w.line}: ${w.message}`));
    const chain = parsed.value.tables.flatMap((t) => t.chains).find((c) => c.name === target.chain);
    if (chain === undefined)
      throw new ApiError('not-found', `${command} listed no chain ${target.chain}`);
    return sample(target, command, iptablesDistribution(chain), 'random', warnings);
  }
  const listCommand = privileged(host, ['ipvsadm', '-Ln', ...ipvsService(target)]);
  const statsCommand = privileged(host, ['ipvsadm', '-Ln', ...ipvsService(target), '--stats']);
  const [list, stats] = await Promise.all([run(host, listCommand), run(host, statsCommand)]);
  const listing = parseIpvsadm(list);
  const counted = parseIpvsadm(stats);
  for (const w of [...listing.warnings, ...counted.warnings].slice(0, 5))
    warnings.push(`line ${w.line}: ${w.message}`);
  const service = listing.value.services[0];
  if (service === undefined)
    throw new ApiError('not-found', `${listCommand} listed no virtual service`);
  return sample(
    target,
    `${listCommand}; ${statsCommand}`,
    ipvsDistribution(service, counted.value.services[0]),
    service.scheduler ?? 'rr',
    warnings,
  );
}

function sample(
  target: DistributionTarget,
  command: string,
  rows: DistributionSample['rows'],
  scheduler: string,
  warnings: string[],
): DistributionSample {
  return {
    at: new Date().toISOString(),
    target,
    command,
    rows,
    total: rows.reduce((n, r) => n + r.hits, 0),
    scheduler,
    warnings,
  };
}
