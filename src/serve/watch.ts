// Watches the model and the files it imports. Directories are watched, not the files: editors that
// save by writing a temporary file and renaming it over the original (vim, many IDEs) replace the
// inode a file watch would hold, and the change would be missed. Events are debounced so one save
// (truncate, write, rename, chmod) triggers one reload.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export class FileWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private names = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  /** `onChange` runs once per burst of events, `debounceMs` after the last one. */
  constructor(
    private readonly onChange: () => void,
    private readonly debounceMs = 40,
  ) {}

  /** Watches exactly these files (absolute paths) from now on. */
  setFiles(files: readonly string[]): void {
    const names = new Map<string, Set<string>>();
    for (const f of files) (names.get(dirname(f)) ?? names.set(dirname(f), new Set()).get(dirname(f))!).add(basename(f));
    this.names = names;
    for (const [dir, w] of this.watchers) {
      if (!names.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of names.keys()) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, (_event, name) => this.event(dir, name === null ? undefined : String(name)));
        w.on('error', () => this.schedule());
        this.watchers.set(dir, w);
      } catch {
        // A directory that does not exist (yet) cannot be watched; the next successful load retries.
      }
    }
  }

  private event(dir: string, name: string | undefined): void {
    // Some platforms report no file name: treat it as a possible change.
    if (name === undefined || this.names.get(dir)?.has(name)) this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
