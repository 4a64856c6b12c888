// The platform's own connections to a dedicated redis-server on localhost: one-shot, failing at once.
import type { Redis } from "ioredis";

/**
 * A one-shot client to the local server: fails at once instead of queueing or reconnecting. The client library
 * is loaded on first use: a platform with no Redis add-on never holds it in memory.
 */
export async function shortClient(
  port: number,
  username: string | undefined,
  password: string,
  timeoutMs: number,
): Promise<Redis> {
  const { Redis } = await import("ioredis");
  return new Redis({
    host: "127.0.0.1",
    port,
    password,
    ...(username ? { username } : {}),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    retryStrategy: () => null,
  });
}

/** PONG from the server on `port` with this password, else the reason. */
export async function pingRedis(
  port: number,
  password: string,
  timeoutMs = 2000,
  username?: string,
): Promise<string | undefined> {
  const redis = await shortClient(port, username, password, timeoutMs);
  let failure: Error | undefined;
  redis.on("error", (err: Error) => (failure ??= err));
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG" ? undefined : "no PONG";
  } catch (err) {
    return (failure ?? (err as Error)).message;
  } finally {
    redis.disconnect();
  }
}
