#!/usr/bin/env node
'use strict';
// `npx ledger <verb>`: runs the compiled CLI (npm run build writes it to dist/).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.resolve(__dirname, '../../../dist/apps/cli/src/main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`error: the ledger is not built (${entry} is missing): run "npm run build" first\n`);
  process.exit(1);
}
require(entry).main();
