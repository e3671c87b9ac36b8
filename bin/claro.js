#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `npm ci`).
import { run } from "../dist/cli/main.js";

const code = await run(process.argv.slice(2));
process.exitCode = code;
