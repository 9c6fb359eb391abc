import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../paths';

/** The package version, stamped into banners. */
export function toolVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}
