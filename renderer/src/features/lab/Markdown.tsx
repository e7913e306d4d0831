import { useMemo } from 'react';
import { markdownToHtml } from './markdown';

/** Sanitized Markdown (see {@link markdownToHtml}); the only raw HTML the lab views insert. */
export function Markdown({ text, testId }: { text: string; testId?: string }) {
  const html = useMemo(() => markdownToHtml(text), [text]);
  return (
    <div
      className="lab__markdown"
      data-testid={testId}
      // Sanitized by DOMPurify in markdownToHtml.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
