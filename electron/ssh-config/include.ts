/**
 * The files an `Include` names: `~` expanded, relative paths taken from ~/.ssh (as for a user
 * config), and `*`/`?` in any path segment expanded like glob(3), sorted, dot-files only when
 * the pattern starts with a dot.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { matchPattern } from './patterns';
import { expandTilde } from './tokens';

function hasWildcard(segment: string): boolean {
  return /[*?]/.test(segment);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Absolute paths of the files `pattern` names, in the order ssh reads them. */
export function includeFiles(pattern: string, homeDir: string): string[] {
  const expanded = expandTilde(pattern, homeDir);
  const absolute = path.isAbsolute(expanded) ? expanded : path.join(homeDir, '.ssh', expanded);
  const { root } = path.parse(absolute);
  const segments = absolute.slice(root.length).split(path.sep).filter(Boolean);
  let bases = [root];
  segments.forEach((segment, index) => {
    const isLast = index === segments.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (!hasWildcard(segment)) {
        next.push(path.join(base, segment));
        continue;
      }
      let entries: string[];
      try {
        entries = readdirSync(base);
      } catch {
        continue;
      }
      for (const entry of entries.sort()) {
        if (entry.startsWith('.') && !segment.startsWith('.')) continue;
        if (!matchPattern(entry, segment)) continue;
        const candidate = path.join(base, entry);
        if (isLast || isDirectory(candidate)) next.push(candidate);
      }
    }
    bases = next;
  });
  // A path that matches nothing is skipped silently, as ssh does.
  return bases.filter(isFile);
}
