// The platform's own log: JSON lines on stdout, with credentials redacted wherever they might appear.
import pino, { type Logger } from "pino";
import type { LogLevel } from "../config/index.js";

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: "fifteen" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "req.headers.authorization",
        "headers.authorization",
        "token",
        "*.token",
        "password",
        "*.password",
        "privateKey",
        "*.privateKey",
      ],
      censor: "[redacted]",
    },
  });
}
