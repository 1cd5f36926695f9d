import { onBeforeUnmount, ref, watch } from 'vue';

/** A clock that ticks while `active()` is true, for elapsed times; it is read afresh as it turns active. */
export function useNow(active: () => boolean, everyMs = 250) {
  const now = ref(Date.now());
  watch(active, (on) => {
    if (on) now.value = Date.now();
  });
  const timer = setInterval(() => {
    if (active()) now.value = Date.now();
  }, everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
