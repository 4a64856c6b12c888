// Procfile parsing: `type: command` lines, with errors that name the line.
import { FifteenError } from "../shared/errors.js";

const LINE = /^([A-Za-z0-9_-]+):\s*(.*)$/;

export function parseProcfile(text: string): Record<string, string> {
  const types: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `Procfile line ${index + 1}`;
    const match = LINE.exec(line);
    if (!match) {
      throw new FifteenError(
        "PROCFILE_INVALID",
        `${where}: expected "type: command" (for example "web: node server.js"), got ${JSON.stringify(line)}.`,
      );
    }
    const [, type, command] = match as unknown as [string, string, string];
    if (command.trim() === "") {
      throw new FifteenError("PROCFILE_INVALID", `${where}: process type "${type}" has no command.`);
    }
    if (type.length > 30) {
      throw new FifteenError(
        "PROCFILE_INVALID",
        `${where}: process type "${type}" is longer than 30 characters.`,
      );
    }
    if (Object.hasOwn(types, type)) {
      throw new FifteenError("PROCFILE_INVALID", `${where}: process type "${type}" is defined twice.`);
    }
    types[type] = command.trim();
  });
  if (Object.keys(types).length === 0) {
    throw new FifteenError(
      "PROCFILE_INVALID",
      'Procfile defines no process types; add a line like "web: node server.js".',
    );
  }
  return types;
}
