export {
  checkSecretKey,
  hostSecretKey,
  MemorySecretStore,
  type SecretPersistence,
  type SecretStore,
} from './secret-store';
export {
  createSecretStore,
  refusalReason,
  type SafeStorageAdapter,
  type SecretProblem,
  type SecretStoreOptions,
} from './safe-storage-store';
