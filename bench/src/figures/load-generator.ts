import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { FigureResult } from '../report/figure';
import type { LoadJob } from './load-generator-child';

/** Runs a load generator process (load-generator-child.ts) for `job` and returns its figures. */
export function runLoadGenerator(job: LoadJob): Promise<FigureResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-generator-child.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // The job goes over the IPC channel: its append targets are too many for the environment.
    child.send(job);
    let results: FigureResult[] | undefined;
    child.on('message', (message) => (results = message as FigureResult[]));
    child.on('error', reject);
    child.on('exit', (code) => (results && code === 0 ? resolve(results) : reject(new Error(`the load generator exited with code ${code}`))));
  });
}
