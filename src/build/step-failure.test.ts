// The one-line reason of a failed build step, from npm's real output (captured from npm 11).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { describeStepFailure, npmReason, withoutServerPaths } from "./step-failure.js";

const EUSAGE = `npm notice New major version of npm available!
npm error code EUSAGE
npm error
npm error \`npm ci\` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with \`npm install\` before continuing.
npm error
npm error Missing: ms@2.1.3 from lock file
npm error
npm error Clean install a project
npm error A complete log of this run can be found in: /var/lib/fifteen/work/b1/home/.npm/_logs/x-debug-0.log
npm notice To update run: npm install -g npm@11.0.0
`;

const ERESOLVE = `npm error code ERESOLVE
npm error ERESOLVE unable to resolve dependency tree
npm error
npm error While resolving: x@1.0.0
npm error Found: react@17.0.2
npm error node_modules/react
npm error   react@"17.0.2" from the root project
npm error
npm error Could not resolve dependency:
npm error peer react@"^18.2.0" from react-dom@18.2.0
npm error For a full report see:
npm error /var/lib/fifteen/work/b1/home/.npm/_logs/eresolve-report.txt
`;

const E404 = `npm error code E404
npm error 404 Not Found - GET https://registry.npmjs.org/no-such-pkg - Not found
npm error 404
npm error 404  The requested resource 'no-such-pkg@1.0.0' could not be found or you do not have permission to access it.
`;

const INSTALL_SCRIPT = `npm error code 1
npm error path /d/work/***/app/node_modules/better-sqlite3
npm error command failed
npm error command sh -c prebuild-install || node-gyp rebuild --release
npm error prebuild-install warn install getaddrinfo ENOTFOUND github.com
npm error gyp ERR! configure error
npm error gyp ERR! stack Error: This is most likely not a problem with node-gyp or the package itself and
npm error gyp ERR! not ok
`;

describe("npm's reason for a failed step", () => {
  test("a dependency's install script: which package, which command, node-gyp's error", () => {
    assert.match(
      npmReason(INSTALL_SCRIPT) ?? "",
      /^The install script of better-sqlite3 failed \(`prebuild-install \|\| node-gyp rebuild --release`\): node-gyp: This is most likely/,
    );
  });

  test("EUSAGE: package.json and the lockfile out of sync, with the fix", () => {
    assert.equal(
      npmReason(EUSAGE),
      "package.json and package-lock.json are out of sync (Missing: ms@2.1.3 from lock file). Run `npm install` in the app directory, commit package-lock.json, and deploy again.",
    );
  });

  test("ERESOLVE: the peer conflict, with legacy-peer-deps as the way out", () => {
    const reason = npmReason(ERESOLVE) ?? "";
    assert.match(
      reason,
      /peer dependency conflict \(Found: react@17\.0\.2, needs peer react@"\^18\.2\.0" from react-dom@18\.2\.0\)/,
    );
    assert.match(reason, /legacy-peer-deps=true/);
  });

  test("E404: the package that is not in the registry", () => {
    assert.match(npmReason(E404) ?? "", /^no-such-pkg@1\.0\.0 is not in the npm registry \(E404\)/);
  });

  test("a notice is never the reason, and no path on the server is quoted", () => {
    const line = describeStepFailure(["npm", "ci"], 1, EUSAGE, { app: "shop", build: 3 });
    assert.doesNotMatch(line, /notice|\/var\//);
    assert.match(line, /`fifteen builds:output 3 -a shop`\.$/);
    const other = describeStepFailure(
      ["node", "build.js"],
      2,
      "Error: boom\nnpm notice To update run: npm i\n",
      {
        app: "shop",
        build: 4,
      },
    );
    assert.match(other, /^`node build\.js` exited with code 2; its last output: Error: boom\. /);
  });

  test("server paths in output are shown as the app sees them", () => {
    const text = withoutServerPaths(
      "A complete log of this run can be found in: /d/work/b1/home/x.log\nat /d/work/b1/app/a.js",
      [
        ["/d/work/b1/app", "/app"],
        ["/d/work/b1/home", "~"],
      ],
    );
    assert.equal(text, "npm's debug log is not kept (the build's home is removed)\nat /app/a.js");
  });
});
