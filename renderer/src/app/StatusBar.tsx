import { useBackend } from '../api/useBackend';
import { useActiveWorkspace, useAppStore } from '../state/app-store';
import { formatClock } from '../lib/format';
import { useNow } from '../features/command/useNow';
import { describeBackend } from './backend-status';

/** Transport, version, the backend link and the last thing that happened. */
export function StatusBar() {
  const backend = useBackend();
  const status = useAppStore((state) => state.backendStatus);
  const appInfo = useAppStore((state) => state.appInfo);
  const lastAction = useAppStore((state) => state.lastAction);
  const workspace = useActiveWorkspace();
  const now = useNow(status.kind === 'waiting', 1000);
  const link = describeBackend(status, now);

  return (
    <footer className="statusbar">
      <span className={`statusbar__item statusbar__link statusbar__link--${link.tone}`}>
        <span className="statusbar__dot" aria-hidden="true" />
        <span role="status" title={link.detail}>
          {link.label}
        </span>
        {status.kind === 'waiting' && (
          <button type="button" className="statusbar__button" onClick={backend.reconnectNow}>
            Retry now
          </button>
        )}
      </span>
      <span className="statusbar__item" title="How this window reaches the kubelab backend">
        {backend.transport}
      </span>
      <span className="statusbar__item">
        {appInfo === null ? 'kubelab' : `kubelab ${appInfo.version} · ${appInfo.platform}`}
      </span>
      <span className="statusbar__item statusbar__action" aria-live="polite">
        {lastAction === null ? 'Ready' : `${formatClock(lastAction.at)}  ${lastAction.text}`}
      </span>
      {workspace !== null && (
        <span className="statusbar__item statusbar__workspace">{workspace.name}</span>
      )}
    </footer>
  );
}
