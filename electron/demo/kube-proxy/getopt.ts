/**
 * A small `getopt_long` in "return non-options in order" mode (optstring starting with `-`), the
 * parser iptables and iptables-save use. Callers pull one event at a time, so they can look ahead
 * the way iptables does for `-L [chain [rulenum]]`.
 */

/** One option: its short letter and/or long name and whether it takes an argument. */
export interface OptionSpec {
  id: string;
  short?: string;
  long?: string;
  arg: 'none' | 'required' | 'optional';
}

/** What the parser saw next. `spelled` is the argv element the option came from. */
export type GetoptEvent =
  | { kind: 'option'; id: string; value?: string; spelled: string; name: string }
  | { kind: 'positional'; value: string }
  | { kind: 'unknown'; spelled: string; name: string }
  | { kind: 'missing-argument'; spelled: string; name: string }
  | { kind: 'end' };

/** Iterates over argv (without the program name). */
export class Getopt {
  private index = 0;
  private cluster = '';
  private clusterSpelled = '';

  constructor(
    private readonly argv: readonly string[],
    private readonly specs: readonly OptionSpec[],
  ) {}

  /** True when the next argv element exists and does not start with `-` or `!` (`xs_has_arg`). */
  hasArg(): boolean {
    const next = this.argv[this.index];
    return (
      this.cluster === '' && next !== undefined && !next.startsWith('-') && !next.startsWith('!')
    );
  }

  /** Consumes the next argv element (call after `hasArg()`). */
  takeArg(): string {
    const next = this.argv[this.index] ?? '';
    this.index += 1;
    return next;
  }

  /** The next event. */
  next(): GetoptEvent {
    if (this.cluster !== '') return this.shortOption();
    const arg = this.argv[this.index];
    if (arg === undefined) return { kind: 'end' };
    this.index += 1;
    if (arg === '--')
      return this.index < this.argv.length
        ? { kind: 'positional', value: this.takeArg() }
        : { kind: 'end' };
    if (arg.startsWith('--')) return this.longOption(arg);
    if (arg.startsWith('-') && arg.length > 1) {
      this.cluster = arg.slice(1);
      this.clusterSpelled = arg;
      return this.shortOption();
    }
    return { kind: 'positional', value: arg };
  }

  private shortOption(): GetoptEvent {
    const letter = this.cluster.charAt(0);
    this.cluster = this.cluster.slice(1);
    const spelled = this.clusterSpelled;
    const spec = this.specs.find((s) => s.short === letter);
    if (!spec) {
      this.cluster = '';
      return { kind: 'unknown', spelled, name: letter };
    }
    if (spec.arg === 'none') return { kind: 'option', id: spec.id, spelled, name: `-${letter}` };
    if (this.cluster !== '') {
      const value = this.cluster;
      this.cluster = '';
      return { kind: 'option', id: spec.id, value, spelled, name: `-${letter}` };
    }
    if (spec.arg === 'optional')
      return { kind: 'option', id: spec.id, spelled, name: `-${letter}` };
    const value = this.argv[this.index];
    if (value === undefined) return { kind: 'missing-argument', spelled, name: `-${letter}` };
    this.index += 1;
    return { kind: 'option', id: spec.id, value, spelled, name: `-${letter}` };
  }

  private longOption(arg: string): GetoptEvent {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const attached = eq < 0 ? undefined : arg.slice(eq + 1);
    const exact = this.specs.find((s) => s.long === name);
    const prefixed = this.specs.filter((s) => s.long?.startsWith(name));
    // getopt_long accepts an unambiguous prefix; ambiguity and no match are both errors.
    const spec = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
    if (!spec || name === '') return { kind: 'unknown', spelled: arg, name: arg };
    const shown = `--${spec.long ?? name}`;
    if (spec.arg === 'none') {
      if (attached !== undefined) return { kind: 'unknown', spelled: arg, name: arg };
      return { kind: 'option', id: spec.id, spelled: arg, name: shown };
    }
    if (attached !== undefined)
      return { kind: 'option', id: spec.id, value: attached, spelled: arg, name: shown };
    if (spec.arg === 'optional') return { kind: 'option', id: spec.id, spelled: arg, name: shown };
    const value = this.argv[this.index];
    if (value === undefined) return { kind: 'missing-argument', spelled: arg, name: arg };
    this.index += 1;
    return { kind: 'option', id: spec.id, value, spelled: arg, name: shown };
  }
}
