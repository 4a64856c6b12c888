// The host rules as a table of raw requests: every data plane runs it through real sockets (and host-rules.ts
// runs it as a pure function). One app is served, at shop.localhost; PORT stands for the listener's port.

export interface HostRuleCase {
  name: string;
  /** The request line and headers, without the final blank line; PORT is replaced by the listener's port. */
  head: string[];
  status: number;
  /** What the app received, when the request reached it. */
  upstream?: { path: string; host: string };
}

export const SERVED_HOST = "shop.localhost";

export const HOST_RULE_CASES: readonly HostRuleCase[] = [
  {
    name: "origin-form with the served host",
    head: ["GET /a?b=1 HTTP/1.1", "Host: shop.localhost"],
    status: 200,
    upstream: { path: "/a?b=1", host: "shop.localhost" },
  },
  {
    name: "the listener's port in Host",
    head: ["GET / HTTP/1.1", "Host: shop.localhost:PORT"],
    status: 200,
    upstream: { path: "/", host: "shop.localhost:PORT" },
  },
  {
    name: "upper case and a trailing dot name the same host",
    head: ["GET / HTTP/1.1", "Host: SHOP.localhost."],
    status: 200,
    upstream: { path: "/", host: "SHOP.localhost." },
  },
  {
    name: "userinfo in Host",
    head: ["GET / HTTP/1.1", "Host: shop.localhost:PORT@other.localhost"],
    status: 400,
  },
  { name: "userinfo before the host", head: ["GET / HTTP/1.1", "Host: user@shop.localhost"], status: 400 },
  { name: "another port in Host", head: ["GET / HTTP/1.1", "Host: shop.localhost:1"], status: 400 },
  { name: "an empty port in Host", head: ["GET / HTTP/1.1", "Host: shop.localhost:"], status: 400 },
  {
    name: "two Host headers",
    head: ["GET / HTTP/1.1", "Host: shop.localhost", "Host: other.localhost"],
    status: 400,
  },
  { name: "an unknown host", head: ["GET / HTTP/1.1", "Host: other.localhost"], status: 404 },
  {
    name: "absolute-form: its authority wins over Host, the app gets origin-form",
    head: ["GET http://shop.localhost/x?y=1 HTTP/1.1", "Host: other.localhost"],
    status: 200,
    upstream: { path: "/x?y=1", host: "shop.localhost" },
  },
  {
    name: "absolute-form naming an unserved host is not routed by Host",
    head: ["GET http://other.localhost/x HTTP/1.1", "Host: shop.localhost"],
    status: 404,
  },
  {
    name: "absolute-form with the listener's port and no path",
    head: ["GET http://shop.localhost:PORT HTTP/1.1", "Host: shop.localhost"],
    status: 200,
    upstream: { path: "/", host: "shop.localhost:PORT" },
  },
  {
    name: "absolute-form with userinfo",
    head: ["GET http://a@shop.localhost/ HTTP/1.1", "Host: shop.localhost"],
    status: 400,
  },
  {
    name: "absolute-form with another port",
    head: ["GET http://shop.localhost:1/ HTTP/1.1", "Host: shop.localhost"],
    status: 400,
  },
];
