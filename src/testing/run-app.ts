// A fixture web app for runtime tests: reports its env, has a slow endpoint, logs request ids, echoes WebSockets.
import { writeNodeApp } from "./apps.js";

const SERVER = `
const http = require("http");
let WebSocketServer;
try { ({ WebSocketServer } = require("ws")); } catch {}
const server = http.createServer((req, res) => {
  if (req.url === "/slow") return setTimeout(() => res.end("slow done"), 10000);
  if (req.url === "/log") console.log("request " + req.headers["x-request-id"]);
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({
    body: process.env.BODY_TEXT || "v1",
    process: process.env.FIFTEEN_PROCESS,
    port: process.env.PORT,
    greeting: process.env.GREETING || null,
    release: process.env.FIFTEEN_RELEASE,
    app: process.env.FIFTEEN_APP,
    forwardedFor: req.headers["x-forwarded-for"] || null,
    requestId: req.headers["x-request-id"] || null,
  }));
});
if (WebSocketServer) {
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => ws.on("message", (data) => ws.send("echo: " + data)));
}
server.listen(process.env.PORT);
`;

const NEVER_BINDS = `console.log("booting, but never listening"); setInterval(() => {}, 1000);\n`;

const STUBBORN = `
const { spawn } = require("child_process");
const child = spawn("sleep", ["1000"], { stdio: "ignore" });
process.on("SIGTERM", () => console.log("ignoring SIGTERM"));
console.log("stubborn pid " + process.pid + " child pid " + child.pid);
setInterval(() => {}, 1000);
`;

const CHATTY = `
let n = 0;
setInterval(() => { for (let i = 0; i < 100; i++) console.log("line " + ++n); }, 10);
`;

export async function writeRunApp(
  dir: string,
  options: { ws?: boolean; procfile?: string } = {},
): Promise<void> {
  await writeNodeApp(dir, {
    dependencies: options.ws ? { ws: "8.18.0" } : {},
    procfile:
      options.procfile ??
      "web: node server.js\nstubborn: node stubborn.js\nchatty: node chatty.js\nbroken: node never-binds.js\n",
    files: {
      "server.js": SERVER,
      "never-binds.js": NEVER_BINDS,
      "stubborn.js": STUBBORN,
      "chatty.js": CHATTY,
    },
  });
}
