// What the HAProxy config names an app's backend and a process's server slot, and the way back from those names
// (in access lines, stick table keys): `app_<id>` and `s<n>`, n 1-based as server-template would name it.

const APP_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SERVER = /^s([0-9]{1,6})$/;

/** The backend of an app: `app_<id>` (an id of another shape is refused: it would not be safe in the config). */
export function backendName(appId: string): string {
  if (!APP_ID.test(appId)) throw new Error(`refusing app id ${JSON.stringify(appId)} in the HAProxy config`);
  return `app_${appId}`;
}

/** A slot's server name in its backend. */
export function serverName(slot: number): string {
  return `s${slot + 1}`;
}

/** The app id of a backend name, if it is an app's. */
export function appIdOf(backend: string): string | undefined {
  if (!backend.startsWith("app_")) return undefined;
  const appId = backend.slice("app_".length);
  return APP_ID.test(appId) ? appId : undefined;
}

/** The slot of a server name, if it is a slot's. */
export function slotOf(server: string): number | undefined {
  const match = SERVER.exec(server);
  return match ? Number(match[1]) - 1 : undefined;
}
