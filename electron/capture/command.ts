/**
 * The remote tcpdump command lines. Every value is validated (capture-validate) and quoted with
 * shell-quote; the filter is one argument after `--`, so getopt's argument permutation cannot
 * read any of it as an option. `TZ=UTC` makes `-tttt` stamps comparable across hosts (sudo keeps
 * TZ through env_reset).
 */
import { quote } from 'shell-quote';
import { filterProblem, ifaceProblem } from '../../shared/model/capture-validate';
import { sudoCommand } from '../ssh/sudo';

export interface TcpdumpOptions {
  iface: string;
  filter?: string;
  /** `-c N`: tcpdump ends by itself after N packets. */
  maxPackets?: number;
  /** The login user; anyone but root runs tcpdump through `sudo -n`. */
  user: string;
}

/** Thrown when a value may not go into a command line; its message says why. */
export class CaptureInputError extends Error {
  override name = 'CaptureInputError';
}

function checked(options: TcpdumpOptions): { iface: string; filter: string } {
  const ifaceWhy = ifaceProblem(options.iface);
  if (ifaceWhy !== undefined) throw new CaptureInputError(`interface: ${ifaceWhy}`);
  const filter = (options.filter ?? '').trim();
  const filterWhy = filterProblem(filter);
  if (filterWhy !== undefined) throw new CaptureInputError(`filter: ${filterWhy}`);
  const max = options.maxPackets;
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw new CaptureInputError('maxPackets must be a positive integer');
  return { iface: options.iface, filter };
}

function argv(options: TcpdumpOptions, mode: 'text' | 'pcap'): string[] {
  const { iface, filter } = checked(options);
  const args = ['tcpdump', '-i', iface, '-nn', '-U'];
  args.push(...(mode === 'text' ? ['-l', '-tttt'] : ['-w', '-']));
  if (options.maxPackets !== undefined) args.push('-c', String(options.maxPackets));
  args.push('--');
  if (filter !== '') args.push(filter);
  return args;
}

/** `TZ=UTC [sudo -n --] tcpdump -i IFACE -nn -U -l -tttt [-c N] -- [FILTER]`: parsed text. */
export function textCaptureCommand(options: TcpdumpOptions): string {
  return `TZ=UTC ${sudoCommand(options.user, argv(options, 'text'))}`;
}

/**
 * The same capture as raw packets: `tcpdump -w -` on its own channel. Its stderr (banner, sudo's
 * complaints) is dropped so only pcap bytes reach stdout; the text channel reports those.
 */
export function pcapCaptureCommand(options: TcpdumpOptions): string {
  return `${sudoCommand(options.user, argv(options, 'pcap'))} 2>/dev/null`;
}

/** `ip -j addr` (no values from the user go into it). */
export const INTERFACES_COMMAND = quote(['ip', '-j', 'addr']);
