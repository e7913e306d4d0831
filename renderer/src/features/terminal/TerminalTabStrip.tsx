import { useTerminalStore } from './terminal-store';
import type { TerminalTab } from './terminal-model';

interface TabStripProps {
  onClose: (tab: TerminalTab) => void;
}

/** One tab per terminal: show it, choose it for broadcast, close it (which ends the shell). */
export function TerminalTabStrip({ onClose }: TabStripProps) {
  const tabs = useTerminalStore((s) => s.tabs);
  const panes = useTerminalStore((s) => s.layout.panes);
  const focused = useTerminalStore((s) => s.layout.focused);
  const broadcast = useTerminalStore((s) => s.broadcast);
  const show = useTerminalStore((s) => s.show);
  const toggleMember = useTerminalStore((s) => s.toggleMember);

  return (
    <div className="terminals__tabs" role="toolbar" aria-label="Terminals">
      {tabs.map((tab) => {
        const isMember = broadcast.isOn && broadcast.members.includes(tab.id);
        const isShown = panes.includes(tab.id);
        return (
          <div
            key={tab.id}
            className={`terminal-tab terminal-tab--${tab.phase}${isShown ? ' terminal-tab--shown' : ''}${
              panes[focused] === tab.id ? ' terminal-tab--focused' : ''
            }${isMember ? ' terminal-tab--broadcast' : ''}`}
            title={tab.message ?? `${tab.hostName}: ${tab.phase}`}
            data-testid="terminal-tab"
            data-host={tab.hostId}
          >
            {broadcast.isOn && (
              <input
                type="checkbox"
                checked={isMember}
                disabled={tab.phase !== 'open'}
                aria-label={`Broadcast to ${tab.hostName}`}
                onChange={() => toggleMember(tab.id)}
              />
            )}
            <button type="button" className="terminal-tab__label" onClick={() => show(tab.id)}>
              <span className="terminal-tab__dot" aria-hidden="true" />
              {tab.hostName}
            </button>
            <button
              type="button"
              className="terminal-tab__close"
              aria-label={`Close terminal on ${tab.hostName}`}
              onClick={() => onClose(tab)}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
