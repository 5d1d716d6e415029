import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface JsonResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** From sending the request to the last byte of the answer (before the body is parsed). */
  elapsedMs: number;
}

export interface RequestOptions {
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Only count the answer's bytes as received, compressed or not (`body` is their number): parsing, or even keeping, a 500 kB
   * answer on every call makes garbage the load generator must collect, and its pauses (the
   * benchmark process holds a big heap from the import) would be timed as the server's latency.
   */
  countBytesOnly?: boolean;
}

/**
 * A small JSON client for the ledger on 127.0.0.1, over keep-alive connections (at most
 * `connections` at once, as many HTTP clients would hold), so a figure measures the server and
 * not connection set-up.
 */
export class LedgerHttpClient {
  private readonly agent: http.Agent;

  constructor(private readonly port: number, connections: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  request(method: 'GET' | 'POST', path: string, options: RequestOptions): Promise<JsonResponse> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...options.headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          response.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (!options.countBytesOnly) chunks.push(chunk);
          });
          response.on('end', () => {
            const elapsedMs = performance.now() - start;
            const answer = { status: response.statusCode ?? 0, headers: response.headers, elapsedMs };
            if (options.countBytesOnly) return resolve({ ...answer, body: bytes });
            const received = Buffer.concat(chunks);
            const text = (response.headers['content-encoding'] === 'gzip' ? gunzipSync(received) : received).toString('utf8');
            try {
              resolve({ ...answer, body: text ? JSON.parse(text) : undefined });
            } catch {
              resolve({ ...answer, body: text });
            }
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** Like `request`, but a status other than 2xx is an error naming the call and the answer. */
  async expectOk(method: 'GET' | 'POST', path: string, options: RequestOptions): Promise<unknown> {
    return (await this.expectOkResponse(method, path, options)).body;
  }

  /** Like `expectOk`, with the whole answer (headers, time to the last byte). */
  async expectOkResponse(method: 'GET' | 'POST', path: string, options: RequestOptions): Promise<JsonResponse> {
    const response = await this.request(method, path, options);
    if (response.status < 200 || response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
    }
    return response;
  }

  close(): void {
    this.agent.destroy();
  }
}
