export { listConfigHosts, type ConfigHost } from './hosts';
export {
  loadSshConfig,
  resolveSshTarget,
  type ResolvePreset,
  type SshConfig,
  type SshConfigResolution,
  type SshConfigSource,
} from './resolve';
export { formatWarning, SshConfigError, type ConfigWarning } from './warnings';
export { parseJumpHop, type JumpHop } from './jump-spec';
