import { ref } from 'vue';

/** Zoomed far out, nodes draw as plain boxes (n8n's placeholder idea): a flip re-renders once, not per frame. */
export const zoomedOut = ref(false);
/** In the editor, nodes show connection handles; the viewer leaves them out to keep the DOM small. */
export const editing = ref(false);
