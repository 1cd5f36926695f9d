// @vitest-environment happy-dom
import { nextTick } from 'vue';
import { beforeEach, expect, it } from 'vitest';
import { PANEL_RANGE, STORAGE_KEY, usePanelLayout } from '../../src-renderer/components/shell/panel-layout';
import { highlight } from '../../src-renderer/components/code/highlight';

beforeEach(() => localStorage.clear());

it('starts from the defaults, and from them again when the stored layout is not JSON', () => {
  localStorage.setItem(STORAGE_KEY, '{not json');
  const p = usePanelLayout();
  expect(p.run).toEqual({ size: PANEL_RANGE.run.initial, collapsed: false });
  expect(p.logs.size).toBe(PANEL_RANGE.logs.initial);
});

it('keeps stored sizes within each panel range and remembers changes', async () => {
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ run: { size: 5 }, side: { size: 99_999, collapsed: true } }));
  const p = usePanelLayout();
  expect(p.run.size).toBe(PANEL_RANGE.run.min);
  expect(p.side).toEqual({ size: PANEL_RANGE.side.max, collapsed: true });
  p.logs.collapsed = true;
  await nextTick();
  expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).logs).toEqual({
    size: PANEL_RANGE.logs.initial,
    collapsed: true,
  });
});

it('highlights keywords, strings, numbers and comments line by line, keeping every character', () => {
  const code = "export const f = (x) => {\n  // add 'one'\n  return x + 1; /* done */ 'a\\'b'\n};";
  const lines = highlight(code);
  expect(lines.map((l) => l.map((t) => t.text).join(''))).toEqual(code.split('\n'));
  const kinds = lines.flat().filter((t) => t.kind !== 'plain');
  expect(kinds).toEqual([
    { text: 'export', kind: 'keyword' },
    { text: 'const', kind: 'keyword' },
    { text: "// add 'one'", kind: 'comment' },
    { text: 'return', kind: 'keyword' },
    { text: '1', kind: 'number' },
    { text: '/* done */', kind: 'comment' },
    { text: "'a\\'b'", kind: 'string' },
  ]);
});
