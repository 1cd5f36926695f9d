import { onBeforeUnmount, ref } from 'vue';

/** A clock that ticks while `active()` is true, for elapsed times. */
export function useNow(active: () => boolean, everyMs = 250) {
  const now = ref(Date.now());
  const timer = setInterval(() => {
    if (active()) now.value = Date.now();
  }, everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
