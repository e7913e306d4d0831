/** Within this many pixels of the end counts as "at the bottom" (sub-pixel layouts, zoom). */
const SLACK_PX = 24;

/** True when a scroll container shows its last line, so new output should keep it there. */
export function isAtBottom(scrollTop: number, clientHeight: number, scrollHeight: number): boolean {
  return scrollHeight - (scrollTop + clientHeight) <= SLACK_PX;
}
