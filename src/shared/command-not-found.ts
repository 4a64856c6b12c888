// Exit 127 ("command not found"), said plainly: which command was missing, from the shell's own complaint
// or, failing that, the first word of what was run.

/** The exit status of a shell (and of npm, yarn and pnpm scripts) whose command was not found. */
export const COMMAND_NOT_FOUND_EXIT = 127;

/**
 * The shell's "not found" messages, one line each: dash (`sh: 1: X: not found`, `/bin/sh: 1: exec: X: not
 * found`), bash (`bash: line 1: X: command not found`), dash's "Permission denied" when every PATH entry that
 * might hold X is unreadable (exit 127 too), and env's for a script's `#!/usr/bin/env X`.
 */
const NOT_FOUND = [
  /(?:^|\s)(?:\/bin\/)?(?:sh|dash|bash)(?:: line \d+|: \d+)?: (?:exec: )?([^:]+?): (?:command )?not found$/,
  /(?:^|\s)(?:\/bin\/)?(?:sh|dash)(?:: \d+)?: (?:exec: )?([^/\s:]+): Permission denied$/,
  /(?:^|\s)(?:\/usr\/bin\/)?env: ['‘]?(.+?)['’]?: No such file or directory$/,
];

/** The command a shell said it could not find, the last one named in `output`; undefined when none is. */
export function missingCommandIn(output: string): string | undefined {
  const lines = output.split("\n");
  for (const line of lines.reverse()) {
    for (const pattern of NOT_FOUND) {
      const name = pattern.exec(line.trim())?.[1]?.trim();
      if (name) return name;
    }
  }
  return undefined;
}

/** The first word of a command line or argv (what the shell would have looked up), past `VAR=x` and `exec`. */
export function firstWord(command: readonly string[] | string): string | undefined {
  const words =
    typeof command === "string" || command.length === 1 ? String(command).trim().split(/\s+/) : command;
  const word = words.find((w) => w !== "exec" && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  return word || undefined;
}

/**
 * "command not found: X" for an exit 127: X from the shell's complaint in `output`, else the command's first
 * word. Undefined for any other exit status, or when neither names a command.
 */
export function commandNotFound(
  code: number | null,
  output: string,
  command?: readonly string[] | string,
): string | undefined {
  if (code !== COMMAND_NOT_FOUND_EXIT) return undefined;
  const missing = missingCommandIn(output) ?? (command === undefined ? undefined : firstWord(command));
  return missing ? `command not found: ${missing}` : undefined;
}

/**
 * Keeps the last `max` characters of a stream of output, enough to find the shell's complaint, which comes
 * last, just before the exit.
 */
export class OutputTail {
  #text = "";
  constructor(private readonly max = 4096) {}

  push(text: string): void {
    this.#text = (this.#text + text).slice(-this.max);
  }

  get text(): string {
    return this.#text;
  }
}
