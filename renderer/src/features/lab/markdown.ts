import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Markdown from runbooks and reports as sanitized HTML. Runbooks come from files and reports hold
 * command output from remote hosts, so every result goes through DOMPurify; images are kept only
 * as data: URLs (the page's CSP allows nothing else, and no fetch leaves the page).
 */
export function markdownToHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

/**
 * Replaces the report's relative image paths (`images/step-2.png`) with data: URLs of the PNGs
 * the backend sent, so the preview shows them without serving files.
 */
export function inlineImages(markdown: string, images: Readonly<Record<string, string>>): string {
  return markdown.replace(/\]\((images\/[A-Za-z0-9._-]+\.png)\)/g, (whole, file: string) => {
    const base64 = images[file];
    return base64 === undefined ? whole : `](data:image/png;base64,${base64})`;
  });
}
