// The part of autocannon 8's API the server bench uses (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export interface RequestParams {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }
  interface Request extends RequestParams {
    setupRequest?: (req: RequestParams, context: Record<string, unknown>) => RequestParams;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    requests?: Request[];
  }
  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    mismatches: number;
    totalCompletedRequests: number;
    statusCodeStats: Record<string, { count: number }>;
  }
  /** The in-flight client a response came from; its iterator holds the per-connection context. */
  interface Client {
    requestIterator: { context: Record<string, unknown> };
  }
  interface Instance extends EventEmitter, PromiseLike<Result> {
    on(event: "response", fn: (client: Client, statusCode: number, resBytes: number, responseTime: number) => void): this;
    on(event: "reqError", fn: (error: Error) => void): this;
  }
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
