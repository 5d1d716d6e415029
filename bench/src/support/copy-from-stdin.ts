import type { Client } from 'pg';

/**
 * `COPY ... FROM STDIN` through node-postgres, which exposes the COPY sub-protocol only to custom
 * query objects ("submittables"; pg-copy-streams is the usual package for this and is not
 * installed here). The rows come from an async iterable of chunks already in COPY text format;
 * writes wait for the socket to drain, so memory stays bounded by one chunk.
 * Resolves with the number of rows PostgreSQL reports copied.
 */
export function copyFromStdin(client: Client, sql: string, chunks: AsyncIterable<string>): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyIn(sql, chunks, resolve, reject) as any);
  });
}

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** The submittable protocol node-postgres drives: it calls these as the server's messages arrive. */
class CopyIn {
  private rows = 0;
  private error: Error | undefined;

  constructor(
    private readonly sql: string,
    private readonly chunks: AsyncIterable<string>,
    private readonly resolve: (rows: number) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: PgConnection): void {
    this.pump(connection).catch((error: Error) => {
      this.error ??= error;
      connection.sendCopyFail(error.message);
    });
  }

  private async pump(connection: PgConnection): Promise<void> {
    for await (const chunk of this.chunks) {
      if (this.error) return;
      connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
      if (connection.stream.writableNeedDrain) await new Promise((done) => connection.stream.once('drain', done));
    }
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rows = Number(/COPY (\d+)/.exec(message.text)?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.error ??= error;
  }

  handleReadyForQuery(): void {
    if (this.error) this.reject(this.error);
    else this.resolve(this.rows);
  }

  // Messages a COPY FROM never receives; node-postgres may still look the methods up.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}
