import type { Workspace } from '../../../shared/model/workspace';
import { CommandPanel } from '../features/command/CommandPanel';
import { OverviewPanel } from '../features/overview/OverviewPanel';
import { TerminalsPanel } from '../features/terminal/TerminalsPanel';
import { TopologyPanel } from '../features/topology/TopologyPanel';
import { useAppStore, type TabId } from '../state/app-store';
import { TabList, type TabSpec } from '../ui/TabList';

const TABS: readonly TabSpec<TabId>[] = [
  { id: 'run', label: 'Run' },
  { id: 'overview', label: 'Overview' },
  { id: 'topology', label: 'Topology' },
  { id: 'terminals', label: 'Terminals' },
];

/**
 * The tabs of the open workspace. Both panels stay mounted so a run's output, its scroll
 * position and the typed command survive a look at the overview.
 */
export function MainArea({ workspace }: { workspace: Workspace }) {
  const activeTab = useAppStore((state) => state.activeTab);
  const setTab = useAppStore((state) => state.setTab);

  return (
    <>
      <div className="main__bar">
        <TabList
          label="Views"
          tabs={TABS}
          active={activeTab}
          onActivate={setTab}
          panelPrefix="panel-"
        />
        <span className="main__workspace" title={workspace.description}>
          {workspace.name}
        </span>
      </div>
      <div
        className="main__panel"
        role="tabpanel"
        id="panel-run"
        aria-labelledby="tab-run"
        hidden={activeTab !== 'run'}
      >
        <CommandPanel workspace={workspace} />
      </div>
      <div
        className="main__panel"
        role="tabpanel"
        id="panel-overview"
        aria-labelledby="tab-overview"
        hidden={activeTab !== 'overview'}
      >
        <OverviewPanel workspace={workspace} isVisible={activeTab === 'overview'} />
      </div>
      <div
        className="main__panel main__panel--fill"
        role="tabpanel"
        id="panel-topology"
        aria-labelledby="tab-topology"
        hidden={activeTab !== 'topology'}
      >
        <TopologyPanel workspace={workspace} isVisible={activeTab === 'topology'} />
      </div>
      <div
        className="main__panel main__panel--fill"
        role="tabpanel"
        id="panel-terminals"
        aria-labelledby="tab-terminals"
        hidden={activeTab !== 'terminals'}
      >
        <TerminalsPanel workspace={workspace} isVisible={activeTab === 'terminals'} />
      </div>
    </>
  );
}
