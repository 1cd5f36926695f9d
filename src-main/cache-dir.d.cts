/** `<user cache folder>/pipewright`: XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%. */
export function cacheRoot(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string;

export interface PrivateCacheOptions {
  /** Instead of `cacheRoot(env)`. */
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Told why a folder is refused; by default one line on stderr, once per folder and process. */
  warn?: (dir: string, reason: string) => void;
}

/**
 * `<cache root>/<name>`, created with mode 0700 and checked before use (owned by the current
 * user, not writable by group or others, not a symbolic link); undefined when refused.
 */
export function privateCacheDir(name: string, options?: PrivateCacheOptions): string | undefined;
