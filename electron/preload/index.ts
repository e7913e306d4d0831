import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, methodName, requestNames, type EventName } from '../../shared/api/contract';

/**
 * The only code that touches contextBridge and ipcRenderer. It exposes one function per request
 * of the contract (never a generic send) and an `on` that subscribes to the contract's events
 * only; listeners receive the payload, never the IPC event object.
 */
const api: Record<string, unknown> = {};
for (const name of requestNames) {
  api[methodName(name)] = (params: unknown) => ipcRenderer.invoke(name, params);
}
api.on = (name: EventName, listener: (payload: unknown) => void): (() => void) => {
  if (!eventNames.includes(name)) throw new Error(`unknown event ${String(name)}`);
  const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(name, wrapped);
  return () => {
    ipcRenderer.removeListener(name, wrapped);
  };
};

contextBridge.exposeInMainWorld('kubelab', Object.freeze(api));
