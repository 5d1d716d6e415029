// Prints the run's totals as one plain line ("tests: N passed, N failed, N skipped") after Jest's
// own summary, so CI and anyone reading a log see the outcome in a form every tool understands.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
