import { Transform, type Readable } from "node:stream";
import type { ImageSource } from "../../contracts/image-source.js";
import type { LayerInfo } from "../../core/image.js";
import { FatalError } from "../../core/problem.js";
import type { LayerFetchLimits } from "../../image/clair-manifest-source.js";

function tooLarge(layer: LayerInfo, limits: LayerFetchLimits): FatalError {
  return new FatalError(
    "FILE_TOO_LARGE",
    `layer ${layer.digest} exceeds the ${limits.maxLayerBytes}-byte layer limit`,
    "raise the server's maxLayerBytes if the layer is legitimate",
  );
}

/**
 * The per-layer size and time limits of the Clair paths, applied to a Harbor pull: a layer the
 * manifest declares too big is refused before any byte is fetched, and the bytes actually read are
 * counted too (a manifest's `size` is the registry's word, not a guarantee).
 */
export function withLayerLimits(source: ImageSource, limits: LayerFetchLimits): ImageSource {
  return {
    transport: source.transport,
    resolve: (opts) => source.resolve(opts),
    close: () => source.close(),
    openLayer: async (layer, signal) => {
      if (layer.size !== null && layer.size > limits.maxLayerBytes) throw tooLarge(layer, limits);
      const timeout = AbortSignal.timeout(limits.layerTimeoutMs);
      const timedOut = (): FatalError =>
        new FatalError(
          "TIMEOUT",
          `layer ${layer.digest} was not fetched within ${limits.layerTimeoutMs} ms`,
          "raise the server's layerTimeout or check the registry",
        );
      let body: Readable;
      try {
        body = await source.openLayer(layer, signal ? AbortSignal.any([signal, timeout]) : timeout);
      } catch (e) {
        throw timeout.aborted ? timedOut() : e;
      }
      let seen = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          done(seen > limits.maxLayerBytes ? tooLarge(layer, limits) : null, chunk);
        },
      });
      const onAbort = (): void => void counted.destroy(timedOut());
      timeout.addEventListener("abort", onAbort, { once: true });
      counted.on("close", () => {
        timeout.removeEventListener("abort", onAbort);
        body.destroy();
      });
      body.on("error", (e) => counted.destroy(e));
      return body.pipe(counted);
    },
  };
}
