// Bare git repositories, one per app, created on first use and wired to the platform's pre-receive hook.
import { execFile } from "node:child_process";
import { access, chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { assertAppName } from "../shared/names.js";

const run = promisify(execFile);

export class GitRepos {
  readonly #pending = new Map<string, Promise<string>>();

  constructor(
    readonly reposDir: string,
    readonly hooksDir: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /** Writes the hook that hands every push to the build pipeline (see hook.ts). */
  async init(): Promise<void> {
    await mkdir(this.reposDir, { recursive: true, mode: 0o700 });
    await mkdir(this.hooksDir, { recursive: true, mode: 0o700 });
    const script = fileURLToPath(new URL("./hook.js", import.meta.url));
    const hook = join(this.hooksDir, "pre-receive");
    // A node script, not a shell script: the only interpolated value is the platform's own file path.
    await writeFile(hook, `#!/usr/bin/env node\nimport(${JSON.stringify(script)});\n`, { mode: 0o755 });
    await chmod(hook, 0o755);
  }

  path(app: string): string {
    assertAppName(app);
    return join(this.reposDir, `${app}.git`);
  }

  /** Whether the app's repository has been created (by a first git discovery request). */
  async exists(app: string): Promise<boolean> {
    return access(join(this.path(app), "HEAD")).then(
      () => true,
      () => false,
    );
  }

  /** Returns the repository's path, creating it on first use. */
  async ensure(app: string): Promise<string> {
    const dir = this.path(app);
    if (await this.exists(app)) return dir;
    let pending = this.#pending.get(app);
    if (!pending) {
      pending = this.#create(dir).finally(() => this.#pending.delete(app));
      this.#pending.set(app, pending);
    }
    return pending;
  }

  async #create(dir: string): Promise<string> {
    const git = (...args: string[]) => run("git", args, { env: this.env });
    await git("init", "--quiet", "--bare", "--initial-branch=main", "--", dir);
    const settings: Array<[string, string]> = [
      ["core.hooksPath", this.hooksDir],
      ["http.receivepack", "true"],
      ["receive.fsckObjects", "true"],
      ["receive.denyDeletes", "true"],
      ["gc.auto", "0"],
    ];
    for (const [key, value] of settings) await git("--git-dir", dir, "config", key, value);
    return dir;
  }
}
