// The graph tab's panel sizes and which panels are collapsed, remembered in localStorage so the
// layout a user makes survives a reload. Sizes are in CSS pixels and kept within each panel's range.
import { reactive, watch } from 'vue';

export type PanelId = 'run' | 'side' | 'logs';

export interface PanelState {
  size: number;
  collapsed: boolean;
}

export const PANEL_RANGE: Record<PanelId, { min: number; max: number; initial: number }> = {
  run: { min: 180, max: 480, initial: 230 },
  side: { min: 260, max: 960, initial: 340 },
  logs: { min: 80, max: 640, initial: 160 },
};

export const STORAGE_KEY = 'pipewright.panels';

export const clampSize = (id: PanelId, size: number): number =>
  Math.round(Math.min(PANEL_RANGE[id].max, Math.max(PANEL_RANGE[id].min, size)));

function stored(): Partial<Record<PanelId, Partial<PanelState>>> {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export function usePanelLayout(): Record<PanelId, PanelState> {
  const saved = stored();
  const make = (id: PanelId): PanelState => {
    const s = saved[id];
    return {
      size: clampSize(id, typeof s?.size === 'number' ? s.size : PANEL_RANGE[id].initial),
      collapsed: s?.collapsed === true,
    };
  };
  const panels = reactive({ run: make('run'), side: make('side'), logs: make('logs') });
  watch(panels, (p) => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(p));
    } catch {
      // storage full or disabled: the layout lasts this session only
    }
  });
  return panels;
}
