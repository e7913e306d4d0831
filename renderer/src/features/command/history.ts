/** How many commands a workspace's history keeps. */
export const MAX_HISTORY = 200;

/** The history with `command` as its newest entry (newest first, no duplicates). */
export function remember(history: readonly string[], command: string): string[] {
  const entry = command.trim();
  if (entry.length === 0) return [...history];
  return [entry, ...history.filter((item) => item !== entry)].slice(0, MAX_HISTORY);
}

/** Where ↑/↓ stand: -1 is the line being typed (kept as `draft`), 0 the newest entry. */
export interface HistoryCursor {
  readonly index: number;
  readonly draft: string;
}

export const AT_DRAFT: HistoryCursor = { index: -1, draft: '' };

/**
 * One ↑ (`older`) or ↓ (`newer`) step, shell-style: the text typed so far is kept and comes back
 * after the newest entry. Null when there is nowhere to go.
 */
export function stepHistory(
  history: readonly string[],
  cursor: HistoryCursor,
  current: string,
  direction: 'older' | 'newer',
): { cursor: HistoryCursor; text: string } | null {
  const draft = cursor.index === -1 ? current : cursor.draft;
  const index = cursor.index + (direction === 'older' ? 1 : -1);
  if (index < -1 || index >= history.length) return null;
  const text = index === -1 ? draft : (history[index] ?? '');
  return { cursor: { index, draft }, text };
}
