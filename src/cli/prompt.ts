// Asking the person at the terminal: a visible answer, or a hidden one (passwords); lines of stdin when it is no TTY.
import { createInterface } from "node:readline";
import { CliError } from "./context.js";

let piped: AsyncIterator<string> | undefined;

/** The next line of a piped stdin (automation: `printf 'me@x\npw\n' | fifteen login`). */
async function nextLine(what: string): Promise<string> {
  piped ??= createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const { value, done } = await piped.next();
  if (done) throw new CliError(`No ${what} given: stdin ended.`);
  return value;
}

/** Reads one answer; a hidden one is not echoed. Ctrl-C cancels. */
export async function ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return nextLine(question.replace(/:\s*$/, "").toLowerCase());
  process.stderr.write(question);
  if (!options.hidden) {
    const rl = createInterface({ input: stdin, output: process.stderr, terminal: false });
    try {
      return await new Promise<string>((resolve) => rl.once("line", resolve));
    } finally {
      rl.close();
    }
  }
  return new Promise((resolve, reject) => {
    let answer = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new CliError("Canceled.", 130));
        if (ch === "\u007f" || ch === "\b") answer = answer.slice(0, -1);
        else if (ch >= " ") answer += ch;
      }
    };
    stdin.on("data", onData);
  });
}
