import { useState, type ReactNode } from 'react';
import type { Workspace } from '../../../shared/model/workspace';
import { CapturePanel } from '../features/capture/CapturePanel';
import { CommandPanel } from '../features/command/CommandPanel';
import { LabPanel } from '../features/lab/LabPanel';
import { OverviewPanel } from '../features/overview/OverviewPanel';
import { ServicesPanel } from '../features/services/ServicesPanel';
import { TerminalsPanel } from '../features/terminal/TerminalsPanel';
import { TopologyPanel } from '../features/topology/TopologyPanel';
import { TracePanel } from '../features/trace/TracePanel';
import { useAppStore, type TabId } from '../state/app-store';
import { TabList, type TabSpec } from '../ui/TabList';

const TABS: readonly TabSpec<TabId>[] = [
  { id: 'run', label: 'Run' },
  { id: 'overview', label: 'Overview' },
  { id: 'topology', label: 'Topology' },
  { id: 'services', label: 'Services' },
  { id: 'trace', label: 'Trace' },
  { id: 'terminals', label: 'Terminals' },
  { id: 'capture', label: 'Capture' },
  { id: 'lab', label: 'Lab' },
];

/**
 * The tabs of the open workspace. A panel mounts the first time its tab is opened and then stays
 * mounted (only hidden), so a run's output, a terminal's scrollback and the graph's positions
 * survive a look at another tab — and a tab never opened sends nothing to the hosts (opening the
 * app must not connect to anything the user has not asked for).
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
      <TabPanel id="run" activeTab={activeTab}>
        <CommandPanel workspace={workspace} />
      </TabPanel>
      <TabPanel id="overview" activeTab={activeTab}>
        <OverviewPanel workspace={workspace} isVisible={activeTab === 'overview'} />
      </TabPanel>
      <TabPanel id="topology" activeTab={activeTab} isFill>
        <TopologyPanel workspace={workspace} isVisible={activeTab === 'topology'} />
      </TabPanel>
      <TabPanel id="services" activeTab={activeTab} isFill>
        <ServicesPanel workspace={workspace} isVisible={activeTab === 'services'} />
      </TabPanel>
      <TabPanel id="trace" activeTab={activeTab}>
        <TracePanel workspace={workspace} />
      </TabPanel>
      <TabPanel id="terminals" activeTab={activeTab} isFill>
        <TerminalsPanel workspace={workspace} isVisible={activeTab === 'terminals'} />
      </TabPanel>
      <TabPanel id="capture" activeTab={activeTab} isFill>
        <CapturePanel workspace={workspace} isVisible={activeTab === 'capture'} />
      </TabPanel>
      <TabPanel id="lab" activeTab={activeTab} isFill>
        <LabPanel workspace={workspace} isVisible={activeTab === 'lab'} />
      </TabPanel>
    </>
  );
}

/** One tab's panel, labelled by its tab; `isFill` panels take the whole area (graph, terminals). */
function TabPanel(props: { id: TabId; activeTab: TabId; isFill?: boolean; children: ReactNode }) {
  const { id, activeTab, isFill = false, children } = props;
  const [isOpened, setOpened] = useState(activeTab === id);
  if (!isOpened && activeTab === id) setOpened(true);
  return (
    <div
      className={isFill ? 'main__panel main__panel--fill' : 'main__panel'}
      role="tabpanel"
      id={`panel-${id}`}
      aria-labelledby={`tab-${id}`}
      hidden={activeTab !== id}
    >
      {isOpened && children}
    </div>
  );
}
