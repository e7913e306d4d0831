export { discoverEksNodes, KUBECTL_GET_NODES, type EksDiscoveryOptions } from './eks';
export { makeHostId } from './ids';
export {
  importMinikube,
  machineName,
  parseProfileList,
  type MinikubeImportOptions,
} from './minikube';
export {
  commandRunner,
  type CommandOutput,
  type CommandRunner,
  type RunnerOptions,
} from './runner';
export { importFromConfig, importSshConfig, type ImportResult } from './ssh-config-import';
