/**
 * The only code that knows xterm.js: one terminal surface with its addons (fit, search, web
 * links, WebGL while visible), our shortcuts and the untrusted-output policy. Swapping the
 * terminal library means rewriting this file only.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { withAdoptedStyles } from './style-shim';
import { isOpenableLink, parseOsc52, shortcutFor } from './terminal-policy';

export interface SurfaceSize {
  cols: number;
  rows: number;
}

export interface SurfaceEvents {
  /** Keys and pastes, as the shell should get them. */
  onInput: (data: string) => void;
  onResize: (size: SurfaceSize) => void;
  onSearchRequest: () => void;
  /** A program asked to put `text` on the clipboard (OSC 52); resolve true to allow. */
  askClipboardWrite: (text: string) => Promise<boolean>;
}

export interface TerminalSurface {
  write: (data: string, done: () => void) => void;
  /** A line of our own (not from the host), e.g. how the shell ended. */
  note: (text: string) => void;
  setVisible: (isVisible: boolean) => void;
  focus: () => void;
  size: () => SurfaceSize;
  find: (text: string, direction: 'next' | 'previous') => boolean;
  clearSearch: () => void;
  /** Which renderer draws now, for tests and diagnostics. */
  renderer: () => 'webgl' | 'dom';
  dispose: () => void;
}

export const SCROLLBACK_LINES = 10_000;

const THEME = {
  background: '#0f1419',
  foreground: '#d7dde4',
  cursor: '#f0c674',
  selectionBackground: '#3a4b5c',
  black: '#1d2329',
  brightBlack: '#5c6773',
};

/** Opens http(s) links in the system browser: Electron's window-open handler or a new tab. */
function openLink(uri: string): void {
  if (isOpenableLink(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
}

/** Writing the clipboard needs a focused page; a refusal is not worth an error. */
function copyText(text: string): void {
  if (text) navigator.clipboard?.writeText(text).catch(() => undefined);
}

export function createTerminalSurface(
  element: HTMLElement,
  events: SurfaceEvents,
): TerminalSurface {
  const term = new Terminal({
    scrollback: SCROLLBACK_LINES,
    fontFamily: "'JetBrains Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    fontSize: 13,
    cursorBlink: true,
    theme: THEME,
    allowProposedApi: false,
    // OSC 8 hyperlinks: same rule as detected links.
    linkHandler: { activate: (_event, uri) => openLink(uri), allowNonHttpProtocols: false },
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  // The handler runs on a click only; hovering merely underlines.
  term.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
  withAdoptedStyles(() => term.open(element));
  element.dataset.renderer = 'dom';

  let webgl: WebglAddon | undefined;
  let hasWebgl = true;
  let isVisible = false;
  let lastSize = { cols: term.cols, rows: term.rows };

  function enableWebgl(): void {
    if (webgl || !hasWebgl) return;
    try {
      const addon = new WebglAddon();
      addon.onContextLoss(() => disableWebgl());
      withAdoptedStyles(() => term.loadAddon(addon));
      webgl = addon;
      element.dataset.renderer = 'webgl';
    } catch {
      // No WebGL2 here (headless, --disable-gpu, blocklisted GPU): the DOM renderer stays.
      hasWebgl = false;
    }
  }

  function disableWebgl(): void {
    const addon = webgl;
    webgl = undefined;
    element.dataset.renderer = 'dom';
    if (addon) withAdoptedStyles(() => addon.dispose());
  }

  function refit(): void {
    if (!isVisible || element.clientWidth === 0) return;
    withAdoptedStyles(() => fit.fit());
    if (term.cols !== lastSize.cols || term.rows !== lastSize.rows) {
      lastSize = { cols: term.cols, rows: term.rows };
      events.onResize(lastSize);
    }
  }

  const observer = new ResizeObserver(() => refit());
  observer.observe(element);

  term.parser.registerOscHandler(52, (payload) => {
    const request = parseOsc52(payload);
    // Reading the clipboard is never allowed; writing only with the user's yes.
    if (request.kind === 'write') {
      void events.askClipboardWrite(request.text).then((isAllowed) => {
        if (isAllowed) copyText(request.text);
      });
    }
    return true;
  });

  term.attachCustomKeyEventHandler((event) => {
    const action = shortcutFor(event);
    if (action === null) return true;
    if (event.type === 'keydown') {
      if (action === 'copy') {
        event.preventDefault();
        copyText(term.getSelection());
      } else if (action === 'search') {
        event.preventDefault();
        events.onSearchRequest();
      }
      // 'paste': the browser's own paste event follows and xterm reads it (bracketed if asked).
    }
    return false;
  });

  const subscriptions = [
    term.onData((data) => events.onInput(data)),
    term.onSelectionChange(() => copyText(term.getSelection())),
  ];

  return {
    write: (data, done) => term.write(data, done),
    note: (text) => term.write(`\r\n\u001b[2m${text}\u001b[22m\r\n`),
    setVisible(visible) {
      isVisible = visible;
      if (visible) {
        enableWebgl();
        refit();
      } else {
        disableWebgl();
      }
    },
    focus: () => term.focus(),
    size: () => {
      const proposed = element.clientWidth > 0 ? fit.proposeDimensions() : undefined;
      return proposed && proposed.cols > 1 && proposed.rows > 0
        ? { cols: proposed.cols, rows: proposed.rows }
        : { cols: term.cols, rows: term.rows };
    },
    find: (text, direction) =>
      direction === 'next' ? search.findNext(text) : search.findPrevious(text),
    clearSearch: () => search.clearDecorations(),
    renderer: () => (webgl ? 'webgl' : 'dom'),
    dispose() {
      observer.disconnect();
      for (const s of subscriptions) s.dispose();
      disableWebgl();
      term.dispose();
    },
  };
}
