import * as path from 'path';
import * as fs from 'fs';

/** The package root (holds templates/, targets/, firmware/), found from this file in src/ or dist/src/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'templates'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`internal: cannot find the tinyfit package root above ${__dirname}`);
}

/** The package's firmware folder (kernels/, ports/): what generated projects copy C sources from. */
export function firmwareRoot(): string {
  return path.join(packageRoot(), 'firmware');
}
