import * as path from 'node:path';
import type { Command } from 'commander';
import { CliFailure } from '../support/failure';

/** The compiled API entry, beside the CLI's in dist/apps/. */
const API_ENTRY = path.resolve(__dirname, '../../../api/src/main');

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the API and web pages (PORT, default 3000)')
    .action(async () => {
      // Loaded only here: the other verbs need none of the HTTP stack.
      let api: { bootstrap?: () => Promise<unknown> };
      try {
        api = require(API_ENTRY);
      } catch (error) {
        if (error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(API_ENTRY)) {
          throw new CliFailure(`the API is not built (${API_ENTRY}.js is missing): run npm run build`);
        }
        throw error;
      }
      if (typeof api.bootstrap !== 'function') throw new CliFailure(`${API_ENTRY} exports no bootstrap()`);
      await api.bootstrap();
      // The server runs until a signal stops it (the API handles those); the command must not
      // return meanwhile, since main exits the process when a command is done.
      await new Promise<never>(() => undefined);
    });
}
