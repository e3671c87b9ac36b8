// Entry used by tests and `npm run bench` through tsx; the published bin runs the compiled copy.
import { run } from "./main.js";

process.exitCode = await run(process.argv.slice(2));
