import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { packageRoot } from '../paths';

/** A Handlebars environment for one template family: templates/<family>/ files override templates/common/. */
export interface TemplateEnv {
  /** Renders `<name>.hbs` (family first, then common). */
  render(name: string, ctx: Record<string, unknown>): string;
  /** Template names (without .hbs; paths inside templates/<family>/) the family provides for the project folder (not common/). */
  familyFiles: string[];
  /**
   * The project path of family template `name`: a path may name the model, e.g.
   * `examples/{{prefix}}_selftest/{{prefix}}_selftest.ino` (rendered with the same context).
   */
  fileName(name: string, ctx: Record<string, unknown>): string;
}

const cache = new Map<string, TemplateEnv>();

/** Compiles the .hbs files of `dir`, with sub-folders (`main/CMakeLists.txt.hbs` → `main/CMakeLists.txt`) unless `flat`. */
function compileDir(hb: typeof Handlebars, dir: string, into: Map<string, HandlebarsTemplateDelegate>, flat: boolean, rel = ''): void {
  if (!fs.existsSync(dir)) return;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const name = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) {
      if (!flat) compileDir(hb, path.join(dir, d.name), into, flat, name);
    } else if (d.name.endsWith('.hbs')) {
      into.set(name.slice(0, -4), hb.compile(fs.readFileSync(path.join(dir, d.name), 'utf8'), { noEscape: true, strict: true }));
    }
  }
}

/** Loads (once) the templates of a family with the common partials registered. */
export function templateEnv(family: string): TemplateEnv {
  const hit = cache.get(family);
  if (hit) return hit;
  const root = path.join(packageRoot(), 'templates');
  const hb = Handlebars.create();
  const partialDir = path.join(root, 'common', 'ops');
  for (const f of fs.readdirSync(partialDir)) {
    if (f.endsWith('.hbs')) hb.registerPartial(f.slice(0, -4), fs.readFileSync(path.join(partialDir, f), 'utf8'));
  }
  hb.registerPartial('banner', fs.readFileSync(path.join(root, 'common', 'banner.hbs'), 'utf8'));
  // Pieces several families' files share (e.g. the firmware self-test), as {{> name}}.
  const shared = path.join(root, 'common', 'partials');
  for (const f of fs.readdirSync(shared)) {
    if (f.endsWith('.hbs')) hb.registerPartial(f.slice(0, -4), fs.readFileSync(path.join(shared, f), 'utf8'));
  }
  const common = new Map<string, HandlebarsTemplateDelegate>();
  const fam = new Map<string, HandlebarsTemplateDelegate>();
  compileDir(hb, path.join(root, 'common'), common, true);
  compileDir(hb, path.join(root, family), fam, false);
  const env: TemplateEnv = {
    render(name, ctx) {
      const t = fam.get(name) ?? common.get(name);
      if (!t) throw new Error(`internal: no template ${name}.hbs for family ${family}`);
      return t(ctx);
    },
    familyFiles: [...fam.keys()],
    fileName(name, ctx) {
      return name.includes('{{') ? hb.compile(name, { noEscape: true, strict: true })(ctx) : name;
    },
  };
  cache.set(family, env);
  return env;
}
