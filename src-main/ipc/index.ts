// The only module that touches ipcMain. Each contract command gets one handler that checks the
// sender, validates the arguments with the contract's schema and calls the service (dispatch).
// Events go to trusted windows as one message per frame (an AppEventBatch), like serve's stream.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL, commandChannel, type Reply } from '../../src-shared/api-transport';
import type { AppEvent } from '../../src-shared/api-types';
import { commandNames, type AppEventBatch } from '../../src-shared/contract';
import type { AppServices } from '../services/create-services';
import { dispatch } from '../services/dispatch';
import { EventBatcher } from './event-batcher';

export interface IpcSetup {
  /** Lets a window's renderer call the API and receive events. */
  trust(contents: WebContents): void;
  dispose(): void;
}

const refused: Reply<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'This frame may not use the Pipewright API.' },
};

/** `isAppUrl`: whether a frame's URL is our page (app://pipewright/…, or the dev server's). */
export function setupIpc(services: AppServices, isAppUrl: (url: string) => boolean): IpcSetup {
  const trusted = new Map<number, WebContents>();

  // Electron Fiddle's rule: answer only the windows we made, only their top frame, and only while
  // it shows our page (an iframe or a navigated-away page never gets the API).
  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const contents = trusted.get(event.sender.id);
    if (!contents || contents !== event.sender) return false;
    const frame = event.senderFrame;
    return Boolean(frame && frame === contents.mainFrame && isAppUrl(frame.url));
  };

  for (const name of commandNames) {
    ipcMain.handle(commandChannel(name), async (event, args: unknown) => {
      if (!isTrusted(event)) {
        console.warn(`pipewright: refused '${name}' from an unknown sender (webContents ${event.sender?.id})`);
        return refused;
      }
      return dispatch(services.handlers, name, args);
    });
  }

  const batches = new EventBatcher((batch: AppEventBatch) => {
    for (const contents of trusted.values()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, batch);
    }
  });
  const unsubscribe = services.onEvent((event: AppEvent) => batches.push(event));

  return {
    trust(contents) {
      trusted.set(contents.id, contents);
      contents.once('destroyed', () => trusted.delete(contents.id));
    },
    dispose() {
      unsubscribe();
      batches.flush();
      for (const name of commandNames) ipcMain.removeHandler(commandChannel(name));
      trusted.clear();
    },
  };
}
