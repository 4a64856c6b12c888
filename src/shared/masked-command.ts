// A one-off's command as everyone who reads the app's logs or `ps` sees it: the program's name, its arguments
// hidden, since people type secrets on command lines (`fifteen run -- psql postgres://user:pw@…`). Only
// callers with app:admin see the whole command, and only in API answers, never in the shared log stream.

const HIDDEN = "[arguments hidden]";

/**
 * `["node", "-e", "…"]` → `node [arguments hidden]`; a shell command line (`"npm run x"`, one element, or a
 * line already joined with spaces) is split on blanks. A first word that assigns a variable (`TOKEN=… cmd`)
 * or quotes may itself carry the secret: then nothing is shown.
 */
export function maskedCommand(command: readonly string[] | string): string {
  const words =
    typeof command === "string" || command.length === 1 ? String(command).trim().split(/\s+/) : command;
  const [name = "", ...rest] = words;
  if (!/^[\w./@+-]+$/.test(name)) return `[command hidden]`;
  return rest.length === 0 ? name : `${name} ${HIDDEN}`;
}
