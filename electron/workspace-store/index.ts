export { kubelabConfigDir, type ConfigDirInput } from './config-dir';
export { writeFileAtomic, ensurePrivateDir } from './atomic-file';
export {
  createWorkspaceStore,
  WorkspaceStoreError,
  type LoadProblem,
  type LoadResult,
  type WorkspaceStore,
  type WorkspaceStoreOptions,
} from './store';
export { savedHostToTarget, type TargetOptions } from './target';
