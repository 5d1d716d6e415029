import * as http from 'node:http';

export interface JsonResponse {
  status: number;
  body: unknown;
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

  request(method: 'GET' | 'POST', path: string, options: { token: string; body?: unknown; headers?: Record<string, string> }): Promise<JsonResponse> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    return new Promise((resolve, reject) => {
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
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
            } catch {
              resolve({ status: response.statusCode ?? 0, body: text });
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
  async expectOk(method: 'GET' | 'POST', path: string, options: { token: string; body?: unknown; headers?: Record<string, string> }): Promise<unknown> {
    const response = await this.request(method, path, options);
    if (response.status < 200 || response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
    }
    return response.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
