/**
 * Key material kept out of the workspace journal: what a user ran may print it (`cat` of a key,
 * `aws sts assume-role`, `env`), and the journal is meant to be zipped and shared. Each secret's
 * value is replaced by a marker saying what was there; the rest of the output stays.
 */

/** What replaced a secret. */
export const WITHHELD = '[withheld from the journal]';

const PRIVATE_KEY =
  /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$)/g;

/** `NAME=value` / `name = value` / `"Name": "value"` for names that hold credentials. */
const SECRET_VALUE =
  /((?:^|[\s"'{,;])(?:aws_secret_access_key|aws_session_token|SecretAccessKey|SessionToken|password|passwd|client_secret|private_key|api_key|apikey|token)["']?\s*[:=]\s*["']?)([^\s"',;}]+)/gim;

/** `text` with private keys and credential values replaced by {@link WITHHELD}. */
export function redactSecrets(text: string): string {
  return text
    .replace(PRIVATE_KEY, (_m, kind: string) => `-----${kind} ${WITHHELD}-----`)
    .replace(SECRET_VALUE, (_m, name: string) => `${name}${WITHHELD}`);
}
