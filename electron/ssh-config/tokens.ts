/**
 * `%` tokens and `~` in ssh_config values, expanded the way ssh(1) does after it has read its
 * configuration (the `%h` of an IdentityFile is the final HostName, `%r` the final User).
 */
import path from 'node:path';

/** Values for the tokens a keyword accepts; a token without a value is reported, not guessed. */
export type TokenValues = Partial<Record<'d' | 'h' | 'n' | 'p' | 'r' | 'u' | 'l' | 'L', string>>;

export interface ExpandResult {
  value: string;
  /** Tokens seen that have no value here, e.g. `%C` or `%x`. */
  unknownTokens: string[];
}

/** Replaces `%%` and the given `%x` tokens; unknown ones stay as written and are reported. */
export function expandTokens(input: string, values: TokenValues): ExpandResult {
  const unknownTokens: string[] = [];
  const value = input.replace(/%(.?)/g, (whole, key: string) => {
    if (key === '%') return '%';
    const known = key in values ? values[key as keyof TokenValues] : undefined;
    if (known !== undefined) return known;
    unknownTokens.push(whole);
    return whole;
  });
  return { value, unknownTokens };
}

/** `~` and `~/x` become the home directory (ssh uses the account's home, not `$HOME`). */
export function expandTilde(input: string, homeDir: string): string {
  if (input === '~') return homeDir;
  if (input.startsWith('~/')) return path.join(homeDir, input.slice(2));
  return input;
}
