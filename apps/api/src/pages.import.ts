import type { Type } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The pages module, once it exists in apps/api/src/pages (built alongside the API). */
export function optionalPagesModule(): Type[] {
  const candidate = path.join(__dirname, 'pages', 'pages.module');
  if (!['.ts', '.js'].some((ext) => fs.existsSync(candidate + ext))) return [];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return [require(candidate).PagesModule];
}
