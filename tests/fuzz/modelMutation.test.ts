/**
 * Model mutation fuzz (acceptance criterion: every mutated TF.js model either generates C that compiles and runs
 * cleanly under ASan/UBSan, or ends in a one-line user error — 0 internal errors, 0 hangs).
 *
 * Seeds: every zoo model (tests/fuzz/seeds.ts). Mutations: tests/fuzz/mutate.ts (topology, manifest, weight bytes;
 * case i of run seed s is `mutateCase(seeds, s, i)`). Runner: tests/fuzz/runner.ts — import → optimize → generate
 * (target host) in worker threads running dist/ with a per-case time cap (a hang terminates the worker and is
 * counted), then gcc -O1 -std=c99 -Wall -Wextra -Werror -pedantic -fsanitize=address,undefined
 * -fno-sanitize-recover=all on 2 cores with an object cache keyed by content, and a run on seeded random input.
 *
 * What is compiled: every distinct generated program (all files but weights.c) is compiled, linked and run; of the
 * weight variants of a program (same program, other weights.c: a weight-byte mutation that still imports) at most
 * TINYFIT_FUZZ_WEIGHT_VARIANTS (default 3 here, unlimited when set to -1) are compiled and run, the rest are counted
 * as not compiled. A binary identical to one already run is not run again.
 *
 * Failures: an internal error (anything but a TinyfitError), a hang, a user error whose message is not one line, or
 * C that fails to compile, link or run cleanly. Mutations marked `valueRange` (a well-typed number put into a
 * numeric layer attribute: a stride of 0, a pool size of 2^31; an input dimension of 2^31 or more) are the op
 * table's to refuse (src/ir/ops: attribute checks and tensor sizes), the same for every importer; such a mutation is
 * always the only one of its case, so the summary can count them apart.
 *
 * CI size: 2,000 cases: `npx jest tests/fuzz/modelMutation.test.ts` took 38 s wall on a quiet 2-core VM and
 * 2 min 3 s on the same VM under load (globalSetup's tsc included): ~780 cases generate C, ~250 distinct programs,
 * ~330 binaries linked and run (~80 of them weight variants), ~730 objects compiled, ~2,700 reused from the cache.
 * The long run (≥ 10,000 cases, every weight variant compiled; 4–7 min) is one command:
 *
 *   TINYFIT_FUZZ_CASES=10000 TINYFIT_FUZZ_WEIGHT_VARIANTS=-1 TINYFIT_FUZZ_REPORT=/tmp/fuzz.json \
 *     TINYFIT_FUZZ_LOG=/tmp/fuzz.jsonl npx jest tests/fuzz/modelMutation.test.ts
 *
 * Environment: TINYFIT_FUZZ_CASES (count), TINYFIT_FUZZ_FIRST (first case index, default 0: FIRST=763 CASES=1
 * reruns case 763 alone), TINYFIT_FUZZ_SEED (run seed, default 1), TINYFIT_FUZZ_WEIGHT_VARIANTS,
 * TINYFIT_FUZZ_REPORT (JSON summary with every failure), TINYFIT_FUZZ_LOG (one JSON line per
 * case), TINYFIT_FUZZ_NO_COMPILE=1 (library outcomes only), TINYFIT_FUZZ_KEEP=1 (keep the scratch folder).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaseResult, isFailure, runFuzz, signature } from './runner';
import { prepareSeeds } from './seeds';

const env = process.env;
const CASES = Number(env.TINYFIT_FUZZ_CASES ?? 2000);
const FIRST = Number(env.TINYFIT_FUZZ_FIRST ?? 0);
const RUN_SEED = Number(env.TINYFIT_FUZZ_SEED ?? 1);
const VARIANTS = Number(env.TINYFIT_FUZZ_WEIGHT_VARIANTS ?? 3);

jest.setTimeout(Math.max(600000, CASES * 1000));

function count<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

/** A case whose only mutation puts a value out of an attribute's range (see the file comment). */
function valueRange(r: CaseResult): boolean {
  return r.mutations.length > 0 && r.mutations.every((m) => m.valueRange);
}

function line(r: CaseResult): string {
  const what = r.outcome === 'generated' ? `C ${r.c}: ${r.cDetail ?? ''}` : r.outcome === 'hang' ? 'hang' : `${r.outcome} error (${r.stage}): ${r.message}${r.stack ? ` @ ${r.stack}` : ''}`;
  return `${r.desc}\n    -> ${what}`;
}

test(`model mutation fuzz: ${CASES} mutated zoo models end in generated C that runs cleanly or a one-line user error`, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-fuzz-'));
  try {
    const t0 = Date.now();
    const seeds = await prepareSeeds(path.join(root, 'seeds'));
    const seedMs = Date.now() - t0;
    if (env.TINYFIT_FUZZ_LOG) fs.rmSync(env.TINYFIT_FUZZ_LOG, { force: true });
    const report = await runFuzz({
      seeds,
      cases: CASES,
      first: FIRST,
      runSeed: RUN_SEED,
      root: path.join(root, 'run'),
      weightVariantsPerProgram: VARIANTS < 0 ? Infinity : VARIANTS,
      noCompile: env.TINYFIT_FUZZ_NO_COMPILE === '1',
      log: env.TINYFIT_FUZZ_LOG,
    });
    const rs = report.results;
    const failures = rs.filter(isFailure);
    const generated = rs.filter((r) => r.outcome === 'generated');
    const finished = rs.filter((r) => r.outcome !== 'hang');
    const summary = {
      cases: rs.length,
      seeds: seeds.length,
      seedMs,
      ms: Math.round(report.ms),
      msPerCase: +(report.ms / rs.length).toFixed(1),
      // import → optimize → generate per case (hangs excluded).
      libraryMsMean: +(finished.reduce((a, r) => a + r.ms, 0) / finished.length).toFixed(1),
      libraryMsMax: Math.round(Math.max(...finished.map((r) => r.ms))),
      gccMs: Math.round(report.gccMs),
      linkMs: Math.round(report.linkMs),
      links: report.links,
      runMs: Math.round(report.runMs),
      outcomes: count(rs, (r) => r.outcome),
      c: count(generated, (r) => r.c ?? 'none'),
      programs: report.programs,
      weightVariantsCompiled: report.weightVariantsCompiled,
      objectsCompiled: report.compiledObjects,
      objectsReused: report.cachedObjects,
      // Value-range cases and how they ended (the op table's attribute checks).
      valueRange: count(rs.filter(valueRange), (r) => r.outcome),
      failures: failures.length,
      multiLine: rs.filter((r) => r.multiLine).length,
    };
    // Failures grouped by root-cause signature, most frequent first, with the first case of each.
    const bySignature = (xs: CaseResult[]): Array<{ signature: string; count: number; example: string }> => {
      const m = new Map<string, CaseResult[]>();
      for (const r of xs) m.set(signature(r), [...(m.get(signature(r)) ?? []), r]);
      return [...m].sort((a, b) => b[1].length - a[1].length).map(([sig, rs]) => ({ signature: sig, count: rs.length, example: line(rs[0]) }));
    };
    const groups = { failures: bySignature(failures) };
    if (env.TINYFIT_FUZZ_REPORT) fs.writeFileSync(env.TINYFIT_FUZZ_REPORT, JSON.stringify({ summary, groups, failures }, null, 1));
    const show = (gs: typeof groups.failures): string => gs.map((g) => `  ${g.count} × ${g.signature}\n    e.g. ${g.example}`).join('\n');
    console.log(
      `model mutation fuzz: ${JSON.stringify(summary, null, 1)}` +
        (failures.length ? `\nFAILURES (${failures.length}) by root cause:\n${show(groups.failures)}` : ''),
    );
    expect(groups.failures.map((g) => `${g.count} × ${g.signature}; e.g. ${g.example}`)).toEqual([]);
  } finally {
    if (env.TINYFIT_FUZZ_KEEP !== '1') fs.rmSync(root, { recursive: true, force: true });
  }
});
