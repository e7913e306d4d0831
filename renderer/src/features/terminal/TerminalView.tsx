import { useEffect, useRef, useState } from 'react';
import { inputTargets } from './broadcast';
import { ClipboardConsent } from './ClipboardConsent';
import { SearchBox } from './SearchBox';
import { useTerminalStore } from './terminal-store';
import type { TerminalTab } from './terminal-model';
import { createWriteBatcher } from './write-batcher';
import { createTerminalSurface, type TerminalSurface } from './xterm-surface';
import { useTerminalClient } from './useTerminalClient';

interface TerminalViewProps {
  tab: TerminalTab;
  isVisible: boolean;
  isFocused: boolean;
}

/** Describes how a shell ended, as the note under its last output. */
function describeExit(info: {
  exitCode: number | null;
  signal?: string;
  error?: { message: string };
}) {
  if (info.error) return `[connection lost: ${info.error.message}]`;
  if (info.signal) return `[shell ended by SIG${info.signal}]`;
  return `[shell exited with status ${info.exitCode ?? '?'}]`;
}

/**
 * One terminal: an xterm surface made on mount and disposed on unmount, its shell opened once
 * the surface knows its size, output written in batches and acknowledged once written, and
 * input routed through the broadcast rules.
 */
export function TerminalView({ tab, isVisible, isFocused }: TerminalViewProps) {
  const client = useTerminalClient();
  const elementRef = useRef<HTMLDivElement | null>(null);
  const surfaceRef = useRef<TerminalSurface | null>(null);
  const [isSearching, setSearching] = useState(false);
  const [clipboardAsk, setClipboardAsk] = useState<{
    text: string;
    answer: (allow: boolean) => void;
  } | null>(null);
  const { id: tabId, terminalId } = tab;

  useEffect(() => {
    const element = elementRef.current;
    if (element === null) return;
    const surface = createTerminalSurface(element, {
      onInput: (data) => {
        const targets = inputTargets(useTerminalStore.getState(), tabId);
        if (targets.length > 0) client.input(targets, data);
      },
      onResize: ({ cols, rows }) => {
        const id = useTerminalStore.getState().tabs.find((t) => t.id === tabId)?.terminalId;
        if (id) client.resize(id, cols, rows);
      },
      onSearchRequest: () => setSearching(true),
      askClipboardWrite: (text) =>
        new Promise((resolve) => setClipboardAsk({ text, answer: resolve })),
    });
    surfaceRef.current = surface;
    return () => {
      surfaceRef.current = null;
      surface.dispose();
    };
  }, [client, tabId]);

  useEffect(() => {
    surfaceRef.current?.setVisible(isVisible);
  }, [isVisible]);

  useEffect(() => {
    if (isFocused && isVisible) surfaceRef.current?.focus();
  }, [isFocused, isVisible]);

  // Open the shell once, at the size the surface has now.
  useEffect(() => {
    const store = useTerminalStore.getState();
    const current = store.tabs.find((t) => t.id === tabId);
    if (current?.phase !== 'opening' || openingTabs.has(tabId)) return;
    openingTabs.add(tabId);
    const size = surfaceRef.current?.size() ?? { cols: 80, rows: 24 };
    void client
      .open({ workspaceId: tab.workspaceId, hostId: tab.hostId, ...size })
      .then((reply) => {
        openingTabs.delete(tabId);
        const stillOpen = useTerminalStore.getState().tabs.some((t) => t.id === tabId);
        if (!reply.ok) {
          store.update(tabId, { phase: 'failed', message: reply.error.message });
          surfaceRef.current?.note(`[could not open a shell: ${reply.error.message}]`);
        } else if (!stillOpen) {
          client.close(reply.value.terminalId);
        } else {
          store.update(tabId, { phase: 'open', terminalId: reply.value.terminalId });
        }
      });
  }, [client, tab.workspaceId, tab.hostId, tabId]);

  useEffect(() => {
    const surface = surfaceRef.current;
    if (terminalId === null || surface === null) return;
    const batcher = createWriteBatcher((data, done) => surface.write(data, done), {
      defer: nextFrame,
    });
    return client.attach(terminalId, {
      write: (data, done) => batcher.push(data, done),
      interrupted: () => batcher.discard(),
      exit: (info) => {
        surface.note(describeExit(info));
        useTerminalStore.getState().update(tabId, { phase: 'exited', message: describeExit(info) });
      },
    });
  }, [client, terminalId, tabId]);

  return (
    <div className="terminal-view">
      {isSearching && (
        <SearchBox
          find={(text, direction) => surfaceRef.current?.find(text, direction) ?? false}
          clear={() => surfaceRef.current?.clearSearch()}
          onClose={() => {
            setSearching(false);
            surfaceRef.current?.focus();
          }}
        />
      )}
      {clipboardAsk && (
        <ClipboardConsent
          hostName={tab.hostName}
          text={clipboardAsk.text}
          onAnswer={(allow) => {
            clipboardAsk.answer(allow);
            setClipboardAsk(null);
          }}
        />
      )}
      <div
        className="terminal-view__screen"
        ref={elementRef}
        data-testid={`terminal-screen-${tab.hostId}`}
      />
    </div>
  );
}

/** The next animation frame, or 50 ms while frames are not coming (a hidden page). */
function nextFrame(run: () => void): void {
  let isDone = false;
  const once = () => {
    if (isDone) return;
    isDone = true;
    run();
  };
  requestAnimationFrame(once);
  setTimeout(once, 50);
}

/** Tabs whose open request is in flight (StrictMode mounts effects twice). */
const openingTabs = new Set<string>();
