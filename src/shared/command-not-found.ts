// Exit 127 explained: the name of the command the shell could not find, from its message or the command line.

/**
 * The shell's "not found" messages: dash (`sh: 1: X: not found`), bash (`bash: X: command not found`), and
 * dash's "Permission denied" when every PATH entry that might hold X is unreadable (exit 127 too).
 */
const NOT_FOUND = [
  /^(?:\/bin\/)?(?:sh|dash|bash)(?:: line \d+|: \d+)?: (?:exec: )?(.+?): (?:command )?not found$/,
  /^(?:\/bin\/)?(?:sh|dash)(?:: \d+)?: (?:exec: )?([^/\s]+): Permission denied$/,
  /^(?:\/usr\/bin\/)?env: ['‘]?(.+?)['’]?: No such file or directory$/,
];

/** The first word of a command line, past `exec` and leading VAR=value assignments. */
function firstWord(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  while (words.length > 0 && (words[0] === "exec" || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? "")))
    words.shift();
  return words[0] || undefined;
}

/**
 * "command not found: X" for a step or process that exited with 127: X from the shell's last "not found"
 * line in its output, else the first word of its command; undefined when neither names one.
 */
export function commandNotFound(lines: string[], command: string): string | undefined {
  for (const line of [...lines].reverse()) {
    for (const pattern of NOT_FOUND) {
      const name = pattern.exec(line.trim())?.[1];
      if (name) return `command not found: ${name}`;
    }
  }
  const word = firstWord(command);
  return word ? `command not found: ${word}` : undefined;
}
