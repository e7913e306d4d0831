import type { Workspace } from '../../../../shared/model/workspace';
import '../../styles/terminal.css';
import { Notice } from '../../ui/Notice';
import { isReceiving } from './broadcast';
import { gridShape, paneCell } from './terminal-model';
import { useTerminalStore } from './terminal-store';
import { TerminalTabStrip } from './TerminalTabStrip';
import { TerminalToolbar } from './TerminalToolbar';
import { TerminalView } from './TerminalView';
import type { TerminalTab } from './terminal-model';
import { useTerminalClient } from './useTerminalClient';

/**
 * The "Terminals" tab: tabs of interactive shells on the workspace's hosts, shown in up to
 * eight panes. Every terminal stays mounted while its tab exists (its scrollback and shell
 * live on); panes only decide which are on screen.
 */
export function TerminalsPanel({
  workspace,
  isVisible,
}: {
  workspace: Workspace;
  isVisible: boolean;
}) {
  const client = useTerminalClient();
  const state = useTerminalStore();
  const { tabs, layout } = state;
  const shape = gridShape(layout.panes.length, layout.direction);

  function close(tab: TerminalTab) {
    if (tab.terminalId !== null && tab.phase === 'open') client.close(tab.terminalId);
    state.remove(tab.id);
  }

  if (workspace.hosts.length === 0) {
    return <Notice kind="empty" title="No hosts in this workspace" />;
  }

  return (
    <div className="terminals">
      <TerminalToolbar workspace={workspace} />
      <TerminalTabStrip onClose={close} />
      <div
        className="terminals__grid"
        style={{
          gridTemplateColumns: `repeat(${shape.cols}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${shape.rows}, minmax(0, 1fr))`,
        }}
      >
        {layout.panes.map((paneTab, index) => {
          if (paneTab !== null) return null;
          const cell = paneCell(index, layout.panes.length, layout.direction);
          return (
            <div
              key={`empty-${index}`}
              className={`terminal-pane terminal-pane--empty${index === layout.focused ? ' terminal-pane--focused' : ''}`}
              style={{ gridRow: cell.row, gridColumn: cell.col }}
              onClick={() => state.focusPane(index)}
            >
              <p>
                Choose a host above and open a terminal{layout.panes.length > 1 ? ' here' : ''}.
              </p>
              {layout.panes.length > 1 && (
                <button type="button" className="button" onClick={() => state.closePane(index)}>
                  Close pane
                </button>
              )}
            </div>
          );
        })}
        {tabs.map((tab) => {
          const index = layout.panes.indexOf(tab.id);
          const cell = index === -1 ? null : paneCell(index, layout.panes.length, layout.direction);
          const isReceivingBroadcast = isReceiving(state, tab.id);
          return (
            <section
              key={tab.id}
              hidden={cell === null}
              className={`terminal-pane${index === layout.focused ? ' terminal-pane--focused' : ''}${
                isReceivingBroadcast ? ' terminal-pane--broadcast' : ''
              }`}
              style={cell === null ? undefined : { gridRow: cell.row, gridColumn: cell.col }}
              onMouseDown={() => index !== -1 && index !== layout.focused && state.focusPane(index)}
              aria-label={`Terminal on ${tab.hostName}`}
              data-testid="terminal"
              data-host={tab.hostId}
              data-phase={tab.phase}
              data-broadcast={isReceivingBroadcast}
            >
              <header className="terminal-pane__header">
                <span className="terminal-pane__host">{tab.hostName}</span>
                {isReceivingBroadcast && <span className="terminal-pane__badge">broadcast</span>}
                {tab.phase !== 'open' && <span className="terminal-pane__phase">{tab.phase}</span>}
                <span className="terminals__spacer" />
                {layout.panes.length > 1 && (
                  <button
                    type="button"
                    className="terminal-pane__button"
                    onClick={() => state.closePane(index)}
                    title="Close this pane (the terminal stays open in its tab)"
                  >
                    Close pane
                  </button>
                )}
              </header>
              <TerminalView
                tab={tab}
                isVisible={isVisible && cell !== null}
                isFocused={index === layout.focused}
              />
            </section>
          );
        })}
      </div>
    </div>
  );
}
