import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assetsDirectory } from './assets.controller';

describe('assetsDirectory', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-assets-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('serves the assets beside the code when they are there (running from the source with ts-jest or ts-node)', () => {
    expect(assetsDirectory(__dirname)).toBe(path.join(__dirname, 'public'));
  });

  it('finds them in the source tree when running from dist/, where tsc does not copy them', () => {
    const source = path.join(root, 'apps', 'api', 'src', 'pages', 'public');
    const compiled = path.join(root, 'dist', 'apps', 'api', 'src', 'pages');
    fs.mkdirSync(source, { recursive: true });
    fs.mkdirSync(compiled, { recursive: true });
    expect(assetsDirectory(compiled)).toBe(source);
  });

  it('says where it looked when they are nowhere', () => {
    expect(() => assetsDirectory(path.join(root, 'elsewhere'))).toThrow(/assets are not in/);
  });
});
