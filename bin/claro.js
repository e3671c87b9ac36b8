#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bundle/ (built by `npm run build`, run by `npm ci`).
import { run } from "../dist/bundle/main.mjs";

const code = await run(process.argv.slice(2));
process.exitCode = code;
