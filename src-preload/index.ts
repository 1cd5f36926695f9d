// The renderer's only door to the main process: `invoke(name, args)` for the contract's commands
// and `onEvents` for pushes (a frame's events per call). ipcRenderer itself is never exposed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  EVENT_CHANNEL,
  commandChannel,
  type EventBatchListener,
  type Invoke,
  type PreloadApi,
  type Reply,
} from '../src-shared/api-transport';
import { isCommandName } from '../src-shared/command-names';

const invoke: Invoke = (name, args) => {
  // The renderer may be compromised: only contract names ever reach ipcRenderer.
  if (!isCommandName(name))
    return Promise.resolve({
      ok: false,
      error: { code: 'unknown-command', message: `Unknown command '${String(name)}'.` },
    });
  return ipcRenderer.invoke(commandChannel(name), args) as Promise<Reply<never>>;
};

const api: PreloadApi = {
  invoke,
  onEvents(listener: EventBatchListener): () => void {
    // The IPC event object (and its sender) never reaches the page: only the batch does.
    const handler = (_event: IpcRendererEvent, batch: Parameters<EventBatchListener>[0]) => listener(batch);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('api', api);
