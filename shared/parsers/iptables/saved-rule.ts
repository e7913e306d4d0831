import { emptySpec, readRuleArgs, type MutableRuleSpec } from './rule-args';
import { tokenizeInto } from './tokenize';
import type {
  AddressSpec,
  Counters,
  InterfaceSpec,
  IptablesMatch,
  IptablesRule,
  IptablesRuleSpec,
  IptablesTarget,
  ProtocolSpec,
} from './types';

const scratch: string[] = [];

/**
 * Decodes rule options (the text after `-A CHAIN`) into a fresh spec. Nothing is cached: callers
 * that walk every rule once (the kube-proxy resolver) leave only short-lived garbage behind.
 *
 * Sample: `-m statistic --mode random --probability 0.5 -j KUBE-SEP-X` → a statistic match and a jump.
 */
export function decodeRuleOptions(raw: string, from: number): MutableRuleSpec {
  const spec = emptySpec();
  scratch.length = 0;
  const error = tokenizeInto(raw, scratch, from);
  readRuleArgs(scratch, 0, spec);
  if (error !== null) spec.problem = `rule text cannot be tokenized: ${error}`;
  return spec;
}

/**
 * A rule from save/spec text. It keeps its raw line and where the options start, and decodes
 * them on first access of a structured field, then keeps the result. `toJSON` gives the plain
 * record, so `JSON.stringify` and structured copies via `toJSON()` see every field.
 */
export class SavedRule implements IptablesRule {
  index = 0;
  readonly extra = null;
  private spec: MutableRuleSpec | null = null;

  constructor(
    readonly chain: string,
    readonly line: number,
    readonly raw: string,
    /** Offset in `raw` where the options begin (after `-A CHAIN`). */
    readonly optionsAt: number,
    /** `[pkts:bytes]` from `iptables-save -c`; `-c pkts bytes` in the text is read on decode. */
    private readonly bracketCounters: Counters | null,
  ) {}

  get counters(): Counters | null {
    return this.bracketCounters ?? this.decoded().counters;
  }

  /** The decoded options if already decoded, else a fresh decode that is not kept. */
  peek(): IptablesRuleSpec {
    return this.spec ?? decodeRuleOptions(this.raw, this.optionsAt);
  }

  /** The decoded options; decoded once, on first use. */
  decoded(): MutableRuleSpec {
    this.spec ??= decodeRuleOptions(this.raw, this.optionsAt);
    return this.spec;
  }

  get protocol(): ProtocolSpec | null {
    return this.decoded().protocol;
  }
  get source(): AddressSpec | null {
    return this.decoded().source;
  }
  get destination(): AddressSpec | null {
    return this.decoded().destination;
  }
  get inInterface(): InterfaceSpec | null {
    return this.decoded().inInterface;
  }
  get outInterface(): InterfaceSpec | null {
    return this.decoded().outInterface;
  }
  get fragment(): boolean | null {
    return this.decoded().fragment;
  }
  get matches(): readonly IptablesMatch[] {
    return this.decoded().matches;
  }
  get target(): IptablesTarget | null {
    return this.decoded().target;
  }
  get problem(): string | null {
    return this.decoded().problem;
  }

  /** The plain record with every field. */
  toJSON(): IptablesRule {
    const s = this.decoded();
    return {
      chain: this.chain,
      index: this.index,
      line: this.line,
      raw: this.raw,
      counters: this.counters,
      protocol: s.protocol,
      source: s.source,
      destination: s.destination,
      inInterface: s.inInterface,
      outInterface: s.outInterface,
      fragment: s.fragment,
      matches: s.matches,
      target: s.target,
      extra: null,
      problem: s.problem,
    };
  }
}
