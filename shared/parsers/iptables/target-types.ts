/** Target records of a decoded rule, discriminated by `kind`. */

/** `-j CHAIN` or `-g CHAIN` (`[goto]` in `-L`). */
export interface ChainTarget {
  kind: 'jump' | 'goto';
  chain: string;
}

/** ACCEPT, DROP, RETURN, QUEUE. */
export interface VerdictTarget {
  kind: 'verdict';
  verdict: 'ACCEPT' | 'DROP' | 'RETURN' | 'QUEUE';
}

/** `-j DNAT --to-destination 10.180.0.1:80` (`to:10.180.0.1:80` in `-L`). */
export interface DnatTarget {
  kind: 'dnat';
  toDestination: string | null;
  ip: string | null;
  port: number | null;
  isRandom: boolean;
  isPersistent: boolean;
  args: string[];
}

/** `-j SNAT --to-source 172.31.0.225 --random-fully`. */
export interface SnatTarget {
  kind: 'snat';
  toSource: string | null;
  isRandom: boolean;
  isRandomFully: boolean;
  isPersistent: boolean;
  args: string[];
}

/** `-j MASQUERADE [--to-ports P] [--random-fully]`. */
export interface MasqueradeTarget {
  kind: 'masquerade';
  toPorts: string | null;
  isRandom: boolean;
  isRandomFully: boolean;
  args: string[];
}

/** `-j MARK --set-xmark 0x4000/0x4000`, `--or-mark 0x4000`, `MARK or 0x8000` in `-L`. */
export interface MarkTarget {
  kind: 'mark';
  op: 'set-xmark' | 'set-mark' | 'or-mark' | 'xor-mark' | 'and-mark' | null;
  text: string | null;
  value: number | null;
  mask: number | null;
  args: string[];
}

/** `-j CONNMARK --set-xmark 0x80/0x80` or `--restore-mark --nfmask 0x80 --ctmask 0x80`. */
export interface ConnmarkTarget {
  kind: 'connmark';
  op: string | null;
  text: string | null;
  args: string[];
}

/** `-j REJECT [--reject-with icmp-port-unreachable]`. */
export interface RejectTarget {
  kind: 'reject';
  rejectWith: string | null;
}

/** `-j LOG [--log-prefix P] [--log-level L]`. */
export interface LogTarget {
  kind: 'log';
  prefix: string | null;
  level: string | null;
  args: string[];
}

/** Any other target extension (`-j CT --notrack`, `-j NFQUEUE …`), kept as text. */
export interface ExtensionTarget {
  kind: 'extension';
  name: string;
  args: string[];
}

/** What a rule does when it matches, discriminated by `kind`. */
export type IptablesTarget =
  | ChainTarget
  | VerdictTarget
  | DnatTarget
  | SnatTarget
  | MasqueradeTarget
  | MarkTarget
  | ConnmarkTarget
  | RejectTarget
  | LogTarget
  | ExtensionTarget;
