#!/usr/bin/env -S node --max-semi-space-size=8
// The `fifteen` executable. V8's young generation is capped at 8 MiB a semi-space (Node's default is 16): start-up
// allocates enough to grow it to the full 2 x 16 MiB, which `fifteen up` then keeps resident at idle for good.
// This flag only takes effect on the command line (V8 sizes the heap before any code runs), hence the shebang,
// and the same flag in `npm start`.
import { main } from "../cli/main.js";

process.exitCode = await main(process.argv);
