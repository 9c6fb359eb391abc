/**
 * What `npm run bench` measures: every section, model and board by default, or a selection given as arguments
 * (`npm run bench -- --only speed --models kws,ic --boards qemu-cortex-m4`) or environment variables
 * (TINYFIT_BENCH_ONLY, TINYFIT_BENCH_MODELS, TINYFIT_BENCH_BOARDS; comma-separated lists). Models are named by
 * their MLPerf Tiny short name (kws, vww, ic, ad) or .tflite file.
 */

/** The MLPerf Tiny short names by .tflite file (examples/mlperf-tiny). */
export const MLPERF_SHORT: Record<string, string> = {
  'kws_ref_model.tflite': 'kws',
  'vww_96_int8.tflite': 'vww',
  'pretrainedResnet_quant.tflite': 'ic',
  'ad01_int8.tflite': 'ad',
};

/** A selection of the bench: undefined lists mean everything. */
export interface BenchSelection {
  /** Sections to run (zoo, plan, quantize, tflite, firmware, speed, neon, link). */
  only?: string[];
  models?: string[];
  boards?: string[];
}

function list(s: string | undefined): string[] | undefined {
  const items = s?.split(',').map((x) => x.trim()).filter(Boolean);
  return items && items.length ? items : undefined;
}

/** Reads the selection from `--only/--models/--boards a,b` arguments, else the TINYFIT_BENCH_* variables. */
export function benchSelection(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchSelection {
  const arg = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  };
  return {
    only: list(arg('only') ?? env.TINYFIT_BENCH_ONLY),
    models: list(arg('models') ?? env.TINYFIT_BENCH_MODELS),
    boards: list(arg('boards') ?? env.TINYFIT_BENCH_BOARDS),
  };
}

/** Whether a section runs under the selection. */
export function runsSection(sel: BenchSelection, section: string): boolean {
  return !sel.only || sel.only.includes(section);
}

/** Whether an MLPerf Tiny model (its .tflite file) is selected. */
export function selectsModel(sel: BenchSelection, file: string): boolean {
  return !sel.models || sel.models.some((m) => m === file || m === MLPERF_SHORT[file]);
}

/** The selected boards among `all` (a selection may also name boards outside `all`). */
export function selectBoards(sel: BenchSelection, all: readonly string[]): string[] {
  return sel.boards ?? [...all];
}
