// A listener that cannot bind its port, as the one-line error `fifteen up` exits 78 with: the port and its setting.
import { FifteenError } from "./errors.js";

/** The PORT_IN_USE error for a failed listen (EADDRINUSE, EACCES…); any other error is returned as it is. */
export function listenError(err: unknown, port: number, setting: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE")
    return new FifteenError("PORT_IN_USE", `port ${port} is in use: set ${setting} to a free port`);
  if (code === "EACCES")
    return new FifteenError(
      "PORT_IN_USE",
      `port ${port} needs privileges this user does not have: set ${setting} to a port above 1023`,
    );
  if (code === "EADDRNOTAVAIL")
    return new FifteenError(
      "PORT_IN_USE",
      `cannot listen for ${setting}=${port}: the address is not on this host`,
    );
  return err;
}
