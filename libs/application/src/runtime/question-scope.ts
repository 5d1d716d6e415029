import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';

/**
 * One question (an HTTP read) sees the read model as it stood when it was asked. Its access check
 * and its answer both need the read model caught up to the head of the log and the asker's person
 * records; within one question each is worked out once and shared, rather than once by the access
 * check and again by the query. Only reads are questions: a request that writes may read its own
 * writes, so it never shares what was worked out before it wrote.
 *
 * Outside a question (the CLI, a worker, a write), `once` simply computes every time.
 */
@Injectable()
export class QuestionScope {
  private readonly storage = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

  /** Runs `work` (and everything it starts) as one question. */
  ask<T>(work: () => T): T {
    return this.storage.run(new Map(), work);
  }

  /** `compute()`'s answer, worked out once per question; a failure is not kept, so a retry computes again. */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const answers = this.storage.getStore();
    if (!answers) return compute();
    let answer = answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = compute();
      answers.set(key, answer);
      answer.catch(() => answers.delete(key));
    }
    return answer;
  }
}
