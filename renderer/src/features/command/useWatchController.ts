import type { Backend } from '../../api/backend';
import { useBackend } from '../../api/useBackend';
import { createWatchController, type WatchController } from './watch-controller';

/** One controller per backend, made on first use: its loops outlive the panel's renders. */
const controllers = new WeakMap<Backend, WatchController>();

export function useWatchController(): WatchController {
  const backend = useBackend();
  let controller = controllers.get(backend);
  if (controller === undefined) {
    controller = createWatchController(backend.api);
    controllers.set(backend, controller);
  }
  return controller;
}
