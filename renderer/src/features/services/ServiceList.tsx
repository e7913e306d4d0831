import { useMemo } from 'react';
import type { ExplainedService } from '../../../../shared/api/contract-kube-proxy';
import { plural } from '../../lib/format';
import { filterServices, namespacesOf, serviceAddress, serviceTitle } from './service-list';
import { useServicesStore } from './services-store';

/** More rows than anyone scrolls through; a cluster with thousands of Services is searched. */
const MAX_SHOWN = 500;

/** Every Service port of the host, searchable and narrowed by namespace. */
export function ServiceList({
  services,
  selectedKey,
  onSelect,
}: {
  services: readonly ExplainedService[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}) {
  const query = useServicesStore((s) => s.query);
  const namespace = useServicesStore((s) => s.namespace);
  const set = useServicesStore((s) => s.set);
  const ports = useMemo(() => services.map((s) => s.service), [services]);
  const byPort = useMemo(() => new Map(services.map((s) => [s.service, s])), [services]);
  const shown = useMemo(
    () => filterServices(ports, { query, namespace }),
    [ports, query, namespace],
  );
  const namespaces = useMemo(() => namespacesOf(ports), [ports]);

  return (
    <nav className="services__list" aria-label="Services">
      <div className="services__filters">
        <input
          className="services__input"
          type="search"
          placeholder="Search name, IP, port, chain"
          aria-label="Search Services"
          value={query}
          onChange={(e) => set({ query: e.target.value })}
        />
        <select
          className="services__select"
          aria-label="Namespace"
          value={namespace ?? ''}
          onChange={(e) => set({ namespace: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">All namespaces</option>
          {namespaces.map((ns) => (
            <option key={ns} value={ns}>
              {ns === '' ? '(unnamed)' : ns}
            </option>
          ))}
        </select>
      </div>
      <p className="services__count">
        {shown.length === ports.length
          ? plural(ports.length, 'Service port')
          : `${shown.length} of ${plural(ports.length, 'Service port')}`}
      </p>
      <ul className="services__items" data-testid="service-list">
        {shown.slice(0, MAX_SHOWN).map((port) => {
          const explained = byPort.get(port);
          if (explained === undefined) return null;
          const isSelected = explained.key === selectedKey;
          return (
            <li key={explained.key}>
              <button
                type="button"
                className={`services__item${isSelected ? ' services__item--selected' : ''}`}
                aria-current={isSelected ? 'true' : undefined}
                onClick={() => onSelect(explained.key)}
              >
                <span className="services__item-name">{serviceTitle(port)}</span>
                <span className="services__item-meta mono">
                  {serviceAddress(port)} · {plural(port.endpoints.length, 'endpoint')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {shown.length > MAX_SHOWN && (
        <p className="services__hint">
          Showing the first {MAX_SHOWN}; search or pick a namespace to find the others.
        </p>
      )}
    </nav>
  );
}
