/**
 * The files a user writes on a demo host (`cat > statefulset.yaml <<EOF`): kept in memory per
 * host, under the home directory and /tmp only — the rest of the file system is read-only.
 */
export class UserFiles {
  private readonly files = new Map<string, string>();

  constructor(readonly home: string) {}

  /** The absolute path of `path` as bash resolves it from the home directory (`~` included). */
  resolve(path: string): string {
    const expanded = path === '~' ? this.home : path.replace(/^~\//, `${this.home}/`);
    const absolute = expanded.startsWith('/') ? expanded : `${this.home}/${expanded}`;
    const parts: string[] = [];
    for (const part of absolute.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return `/${parts.join('/')}`;
  }

  /** Whether the user may write there: directly in the home directory or in /tmp. */
  isWritable(path: string): boolean {
    const p = this.resolve(path);
    const dir = p.slice(0, p.lastIndexOf('/'));
    return dir === this.home || dir === '/tmp';
  }

  read(path: string): string | undefined {
    return this.files.get(this.resolve(path));
  }

  write(path: string, text: string, isAppend: boolean): void {
    const p = this.resolve(path);
    this.files.set(p, (isAppend ? (this.files.get(p) ?? '') : '') + text);
  }

  remove(path: string): boolean {
    return this.files.delete(this.resolve(path));
  }

  /** Names of the files in `dir` (the home directory by default), sorted as `ls` sorts them. */
  list(dir = this.home): string[] {
    const d = this.resolve(dir);
    return [...this.files.keys()]
      .filter((p) => p.slice(0, p.lastIndexOf('/')) === d)
      .map((p) => p.slice(d.length + 1))
      .sort();
  }
}
