import { QuestionScope } from './question-scope';

describe('QuestionScope', () => {
  const scope = new QuestionScope();
  const counter = () => {
    let calls = 0;
    return { compute: async () => ++calls, calls: () => calls };
  };

  it('works a value out once per question, and again in the next question', async () => {
    const caughtUp = counter();
    const first = await scope.ask(async () => [await scope.once('k', caughtUp.compute), await scope.once('k', caughtUp.compute)]);
    const second = await scope.ask(() => scope.once('k', caughtUp.compute));
    expect(first).toEqual([1, 1]);
    expect(second).toBe(2);
  });

  it('computes every time outside a question (the CLI, a worker, a write)', async () => {
    const caughtUp = counter();
    expect([await scope.once('k', caughtUp.compute), await scope.once('k', caughtUp.compute)]).toEqual([1, 2]);
  });

  it('keeps questions asked at the same time apart', async () => {
    const caughtUp = counter();
    const answers = await Promise.all([1, 2, 3].map(() => scope.ask(async () => [await scope.once('k', caughtUp.compute), await scope.once('k', caughtUp.compute)])));
    expect(answers.map(([a, b]) => a === b)).toEqual([true, true, true]);
    expect(caughtUp.calls()).toBe(3);
  });

  it('does not keep a failure: asked again in the same question, it computes again', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection reset');
      return 'caught up';
    };
    await scope.ask(async () => {
      await expect(scope.once('k', flaky)).rejects.toThrow('connection reset');
      await expect(scope.once('k', flaky)).resolves.toBe('caught up');
    });
    expect(calls).toBe(2);
  });
});
