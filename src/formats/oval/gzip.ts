import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { FatalError } from "../../core/problem.js";

export const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Compressed bytes handed to the inflater per round trip; bounds what one round can produce. */
const IN_CHUNK = 64 * 1024;
const WAIT_MS = 120_000;

/**
 * The worker: node:zlib's streaming gunzip, which exists only asynchronously. Each input message is
 * answered with its output messages, then a `done` (or `error`) message and a wake-up on `flag`.
 */
const WORKER = `
const { workerData } = require("node:worker_threads");
const { createGunzip } = require("node:zlib");
const { port, flag } = workerData;
const wake = () => { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
const gunzip = createGunzip({ chunkSize: 256 * 1024 });
let failed = false;
gunzip.on("data", (b) => { const c = Uint8Array.from(b); port.postMessage({ data: c }, [c.buffer]); });
gunzip.on("error", (e) => { failed = true; port.postMessage({ error: e.message }); wake(); });
gunzip.on("end", () => { port.postMessage({ done: true }); wake(); });
port.on("message", (m) => {
  if (failed) return wake();
  if (m.end) return void gunzip.end();
  gunzip.write(m.input, () => setImmediate(() => { if (!failed) { port.postMessage({ done: true }); wake(); } }));
});
`;

type Reply = { data: Uint8Array } | { error: string } | { done: true };

/**
 * Inflates gzip bytes as they come, synchronously: a worker thread runs node:zlib's stream while
 * this thread blocks on an Atomics wait for each chunk's output, so the document is never whole
 * in memory (a SUSE `.xml.gz` inflates to hundreds of MB). Corrupt or truncated input throws
 * FEED_INVALID.
 */
export function* gunzipChunks(compressed: Iterable<Buffer>, label: string): Generator<Buffer> {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { port: port2, flag },
    transferList: [port2],
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  worker.unref();
  const round = function* (message: { input: Buffer } | { end: true }): Generator<Buffer> {
    Atomics.store(flag, 0, 0);
    port1.postMessage(message);
    // A round takes milliseconds; only a worker that died before answering leaves this waiting.
    if (Atomics.wait(flag, 0, 0, WAIT_MS) === "timed-out")
      throw new FatalError("FEED_INVALID", `${label}: the gzip inflater did not answer`, "run the update again");
    for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) {
      const reply = m.message as Reply;
      if ("data" in reply) yield Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength);
      else if ("error" in reply)
        throw new FatalError(
          "FEED_INVALID",
          `${label}: the gzip feed is corrupt or truncated (${reply.error})`,
          "the download may be incomplete; run the update again or check the --source file",
        );
    }
  };
  try {
    for (const chunk of compressed) for (let off = 0; off < chunk.length; off += IN_CHUNK) yield* round({ input: chunk.subarray(off, off + IN_CHUNK) });
    yield* round({ end: true });
  } finally {
    port1.close();
    void worker.terminate();
  }
}
