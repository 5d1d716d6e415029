import { Controller, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PageRoute } from './http/page-route';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Where the scripts and styles are. `tsc` compiles only TypeScript into dist/, so when the app
 * runs from dist/ they are read from the same place in the source tree (they need no build).
 */
export function assetsDirectory(here: string = __dirname): string {
  const beside = path.join(here, 'public');
  if (fs.existsSync(beside)) return beside;
  const marker = `${path.sep}dist${path.sep}`;
  const index = here.lastIndexOf(marker);
  if (index < 0) throw new Error(`the pages' assets are not in ${beside}`);
  const inSource = path.join(here.slice(0, index), here.slice(index + marker.length), 'public');
  if (!fs.existsSync(inSource)) throw new Error(`the pages' assets are neither in ${beside} nor in ${inSource}`);
  return inSource;
}

interface Asset {
  body: Buffer;
  contentType: string;
}

/** Loads every asset once, at start-up: only files that exist then can be served, by exact name. */
function loadAssets(directory: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of fs.readdirSync(directory)) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (contentType) assets.set(name, { body: fs.readFileSync(path.join(directory, name)), contentType });
  }
  return assets;
}

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly assets = loadAssets(assetsDirectory());

  @PageRoute(':name', 'application/octet-stream')
  asset(@Param('name') name: string, @Res() response: FastifyReply): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`no asset ${name}`);
    response.type(asset.contentType).send(asset.body);
  }
}
