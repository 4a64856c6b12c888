// Fixture apps written to temp dirs, as a user would have them on disk.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inheritedEnv } from "../config/index.js";
import { run } from "./platform.js";

export interface NodeAppOptions {
  /** Text the web process answers with. */
  body?: string;
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  procfile?: string | null;
  lockfile?: boolean;
  files?: Record<string, string>;
}

export async function writeNodeApp(dir: string, options: NodeAppOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const pkg = {
    name: "fixture-app",
    version: "1.0.0",
    private: true,
    scripts: options.scripts ?? {},
    dependencies: options.dependencies ?? {},
  };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(
    join(dir, "server.js"),
    `require("http").createServer((q, s) => s.end(${JSON.stringify(options.body ?? "hello")})).listen(process.env.PORT);\n`,
  );
  if (options.procfile !== null)
    await writeFile(join(dir, "Procfile"), options.procfile ?? "web: node server.js\n");
  await writeFile(join(dir, ".gitignore"), "node_modules\n");
  for (const [name, content] of Object.entries(options.files ?? {}))
    await writeFile(join(dir, name), content);
  if (options.lockfile !== false) {
    const result = await run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], {
      cwd: dir,
      env: inheritedEnv(),
    });
    if (result.code !== 0) throw new Error(`npm install --package-lock-only failed: ${result.stderr}`);
  }
}

/** git init + commit everything; returns the commit id. */
export async function commitAll(
  dir: string,
  env: Record<string, string>,
  message = "deploy",
): Promise<string> {
  const git = async (...args: string[]) => {
    const result = await run("git", args, { cwd: dir, env });
    if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "--allow-empty", "-m", message);
  return git("rev-parse", "HEAD");
}
