// Webhook signatures: `Fifteen-Signature: t=UNIX_SECONDS,v1=HEX`, v1 = HMAC-SHA256(secret, `${t}.${body}`).
// Signing the time with the body lets receivers refuse replays (docs/webhooks.md: a 5-minute window).
import { createHmac } from "node:crypto";

/** The header value for `body` sent at `unixSeconds`. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}
