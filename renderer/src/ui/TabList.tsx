import { useRef, type KeyboardEvent } from 'react';
import { nextTabIndex } from './tab-keys';

export interface TabSpec<T extends string> {
  id: T;
  label: string;
}

type TabListProps<T extends string> = {
  label: string;
  tabs: readonly TabSpec<T>[];
  active: T;
  onActivate: (id: T) => void;
  /** The id prefix of the panels, so tab `run` controls `panel-run`. */
  panelPrefix: string;
};

/**
 * WAI-ARIA tabs with manual activation: arrows move focus along the tabs, Enter or Space (a
 * button's click) opens one. Only the active tab is in the Tab order.
 */
export function TabList<T extends string>({
  label,
  tabs,
  active,
  onActivate,
  panelPrefix,
}: TabListProps<T>) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const next = nextTabIndex(event.key, index, tabs.length);
    if (next === null) return;
    event.preventDefault();
    refs.current[next]?.focus();
  }

  return (
    <div className="tablist" role="tablist" aria-label={label}>
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          className="tab"
          aria-selected={tab.id === active}
          aria-controls={`${panelPrefix}${tab.id}`}
          tabIndex={tab.id === active ? 0 : -1}
          onClick={() => onActivate(tab.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
