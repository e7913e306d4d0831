import { ApiError } from '../../shared/api/reply';
import { HostUnavailableError } from '../hosts/host';
import { discoverEksNodes, importMinikube, importSshConfig } from '../import';
import { SshConfigError } from '../ssh-config';
import type { HostDiscovery } from './workspace-handlers';

/**
 * Finds hosts to import (they are not saved until the person picks them): an ssh config's
 * concrete hosts, a minikube profile's nodes, or the EKS nodes an operator host's kubectl sees,
 * each node reached through that operator host.
 */
export function createHostDiscovery(): HostDiscovery {
  return {
    async discover(source, { workspaceId, registry }) {
      try {
        switch (source.kind) {
          case 'ssh-config':
            return importSshConfig(source.path);
          case 'minikube':
            return await importMinikube(source.profile ? { profile: source.profile } : {});
          case 'eks': {
            const [operator] = registry.hosts(workspaceId, [source.operatorHostId]);
            if (operator === undefined) throw new ApiError('not-found', 'no operator host');
            const taken = registry.get(workspaceId).hosts.map((h) => h.description.id);
            return await discoverEksNodes(operator, { takenIds: taken });
          }
        }
      } catch (cause) {
        if (cause instanceof SshConfigError || cause instanceof HostUnavailableError)
          throw new ApiError('unavailable', cause.message);
        throw cause;
      }
    },
  };
}
