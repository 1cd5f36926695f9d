// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import NamesInput from '../../src-renderer/components/run/NamesInput.vue';

describe('names input', () => {
  it('renders its suggestions only once the field is focused (thousands of names on a big pipeline)', async () => {
    const options = Array.from({ length: 500 }, (_, i) => `node_${i}`);
    const w = mount(NamesInput, { props: { label: 'From nodes', options, listId: 'dl-x', modelValue: [] } });
    expect(w.findAll('datalist option').length).toBe(0);
    await w.find('input').trigger('focus');
    expect(w.findAll('datalist option').map((o) => o.attributes('value'))).toEqual(options);
    await w.find('input').setValue('node_1, node_2');
    await w.find('input').trigger('change');
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([['node_1', 'node_2']]);
  });
});
