/**
 * The shipped data: every descriptor in targets/ validates (schema and loading checks, id = file name), every
 * template family and ISA kernel folder is one the schema knows, and every port has the contract's files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { firmwareRoot, packageRoot } from '../../src/paths';
import { isaFeatures, listTargets, schemaFamilies, targetIds } from '../../src/targets';

const subfolders = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];

it('every file in targets/ is a valid descriptor named after its id', () => {
  const files = fs.readdirSync(path.join(packageRoot(), 'targets')).filter((f) => f !== 'schema.json');
  expect(files.every((f) => f.endsWith('.json'))).toBe(true);
  const targets = listTargets();
  expect(targets.map((t) => `${t.id}.json`)).toEqual(files.sort());
  expect(targetIds()).toEqual(targets.map((t) => t.id));
  expect(targets.map((t) => t.id)).toContain('host');
});

it('every template family is one the schema allows', () => {
  const families = subfolders(path.join(packageRoot(), 'templates')).filter((f) => f !== 'common');
  expect(families.length).toBeGreaterThan(0);
  for (const f of families) expect(schemaFamilies()).toContain(f);
});

it('every ISA kernel folder is a known ISA feature and every variant has a portable kernel', () => {
  const kernels = path.join(firmwareRoot(), 'kernels');
  for (const isa of subfolders(kernels)) {
    expect(isaFeatures()).toContain(isa);
    for (const f of fs.readdirSync(path.join(kernels, isa)).filter((x) => x.endsWith('.c'))) {
      expect(fs.existsSync(path.join(kernels, f))).toBe(true);
    }
  }
});

it('every port folder has C sources and none shadows the contract', () => {
  const ports = subfolders(path.join(firmwareRoot(), 'ports'));
  expect(ports).toContain('host');
  for (const p of ports) {
    const files = fs.readdirSync(path.join(firmwareRoot(), 'ports', p));
    expect(files.some((f) => /\.(c|cpp)$/.test(f))).toBe(true);
    expect(files).not.toContain('port.h');
    expect(files).not.toContain('port_config.h');
  }
});
