import * as fs from 'fs';
import * as path from 'path';
import { getFamily } from '../../src/targets/family';
import { listTargets } from '../../src/targets';
import { TinyfitError } from '../../src/errors';

const templates = path.join(__dirname, '..', '..', 'templates');
const familyFolders = fs
  .readdirSync(templates, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'common')
  .map((d) => d.name);

describe('template families as data (templates/<family>/family.json)', () => {
  it.each(familyFolders)('%s describes its layout, and its build tools name Debian packages', (name) => {
    const f = getFamily(name);
    expect(f.description.length).toBeGreaterThan(0);
    expect(f.sourceDir).not.toMatch(/^\/|\.\./);
    for (const tool of f.build?.tools ?? []) expect(tool.packages.length).toBeGreaterThan(0);
    if (f.build?.size) expect(f.build.flashSections.length).toBeGreaterThan(0);
  });

  it('every shipped target names a family with a family.json', () => {
    for (const t of listTargets()) expect(getFamily(t.family).name).toBe(t.family);
  });

  it('esp-idf is built by its own tool: idf.py, with the build command and ESP-IDF\'s installer, and no tinyfit build', () => {
    const f = getFamily('esp-idf');
    expect(f.build).toBeUndefined();
    expect(f.sourceDir).toBe('components/tinyfit_model');
    expect(f.external?.command).toBe('idf.py');
    expect(f.external?.build).toContain('idf.py set-target {mcu}');
    expect(f.external?.install).toMatch(/install\.sh esp32,esp32s3,esp32c3/);
    // Its model component's templates sit in the folder sourceDir names.
    expect(fs.existsSync(path.join(templates, 'esp-idf', f.sourceDir, 'CMakeLists.txt.hbs'))).toBe(true);
  });

  it('a family without family.json is one line naming the file', () => {
    expect(() => getFamily('no-such-family')).toThrow(TinyfitError);
    expect(() => getFamily('no-such-family')).toThrow(/templates\/no-such-family\/family\.json/);
  });
});
