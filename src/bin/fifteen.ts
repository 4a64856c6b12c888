#!/usr/bin/env node
// The `fifteen` executable.
import { main } from "../cli/main.js";

process.exitCode = await main(process.argv);
