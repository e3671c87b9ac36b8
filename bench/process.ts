// A whole process that runs only the floor or the peer, loading nothing of claro's: the
// baseline for claro's own whole-process rows (issue 10 §3), started the same way.
import { floorWalk } from "./floor.js";

const [what, ...args] = process.argv.slice(2);
if (what === "floor") await floorWalk(args[0]!, args[1]!);
else if (what === "snyk") await (await import("./peer.js")).snykInventory(args[0]!, args[1]!);
else throw new Error(`unknown process ${what}`);
