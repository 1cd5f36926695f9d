import { Menu, nativeTheme, type MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from '../src-shared/api-types';

export interface MenuActions {
  openProject(): void;
  openRecent(root: string): void;
  about(): void;
  openDocs(): void;
}

export interface MenuState {
  recent: RecentProject[];
  isDev: boolean;
  isMac: boolean;
}

/** The application menu as data, so it is tested without Electron. */
export function menuTemplate(actions: MenuActions, state: MenuState): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = state.recent.length
    ? state.recent.map((p) => ({ label: `${p.name} — ${p.root}`, click: () => actions.openRecent(p.root) }))
    : [{ label: 'No recent projects', enabled: false }];
  const theme = (source: 'system' | 'light' | 'dark', label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: nativeTheme.themeSource === source,
    click: () => (nativeTheme.themeSource = source),
  });
  return [
    ...(state.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProject() },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        state.isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(state.isDev ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { label: 'Theme', submenu: [theme('system', 'Follow System'), theme('light', 'Light'), theme('dark', 'Dark')] },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      submenu: [
        { label: 'Documentation', click: () => actions.openDocs() },
        { label: 'About Pipewright', click: () => actions.about() },
      ],
    },
  ];
}

export function setupMenu(actions: MenuActions, state: MenuState): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, state)));
}
