/** Something in an ssh config that kubelab ignored or read differently than ssh(1) might. */
export interface ConfigWarning {
  file: string;
  /** 1-based line in `file`; 0 when the warning is about the file as a whole. */
  line: number;
  message: string;
}

/** A problem that makes a host unresolvable: a ProxyJump cycle, an unreadable config file. */
export class SshConfigError extends Error {
  constructor(
    message: string,
    readonly warnings: ConfigWarning[] = [],
  ) {
    super(message);
    this.name = 'SshConfigError';
  }
}

export function formatWarning(w: ConfigWarning): string {
  return w.line > 0 ? `${w.file}:${w.line}: ${w.message}` : `${w.file}: ${w.message}`;
}
