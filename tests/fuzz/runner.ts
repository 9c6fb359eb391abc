/**
 * Runs the model mutation fuzz: mutated models (tests/fuzz/mutate.ts) go through the library in worker threads
 * (tests/fuzz/caseWorker.js running dist/), generated projects are compiled with gcc under ASan/UBSan and run.
 *
 * Isolation and hangs: two worker processes (child_process.fork of caseWorker.js) each handle one case at a time
 * through the library API; the test arms a timer per case and, when it fires, kills the worker (SIGKILL stops even
 * a synchronous infinite loop) and starts a fresh one: the case counts as a hang. A worker that dies (a V8 fatal
 * error, out of memory) counts as an internal error with the crash report's first lines. Processes rather than
 * worker threads because a V8 fatal error aborts every thread of its process.
 *
 * Compilation: every .c file is compiled on its own to an object file cached by content hash (the file, the
 * headers it includes, the flags; the per-file "copied by tinyfit ... for model 'x'" banner comment is ignored), so
 * a weight mutation recompiles only weights.c and a kernel is compiled once for all models. Objects are linked and
 * the runner is run on seeded random input; a binary already run is not run again. A compile error, a link error,
 * a non-zero exit (sanitizer reports abort the runner), a timeout or output of the wrong size is a failure.
 */
import { ChildProcess, fork, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { mulberry32 } from '../helpers/rng';
import { describeCase, MutatedCase, mutateCase, Mutation, SeedModel, writeCase } from './mutate';

export const CFLAGS = ['-O1', '-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const LINK = ['-fsanitize=address,undefined'];

export type Outcome = 'generated' | 'user' | 'internal' | 'hang';
/** What happened to a generated project's C. */
export type CStatus =
  | 'ran' // compiled, linked and ran cleanly
  | 'same-binary' // an identical binary was already run
  | 'not-compiled' // a weight variant past the per-program budget
  | 'compile-failed'
  | 'link-failed'
  | 'run-failed' // non-zero exit: a sanitizer report, a crash
  | 'run-timeout'
  | 'bad-output';

export interface CaseResult {
  index: number;
  seed: string;
  mutations: Mutation[];
  desc: string;
  outcome: Outcome;
  /** Library stage that threw (import, optimize, generate). */
  stage?: string;
  message?: string;
  /** First lines of the stack (internal errors). */
  stack?: string;
  /** A user error whose message is not one line. */
  multiLine?: boolean;
  ms: number;
  c?: CStatus;
  /** Compiler / runner output of a C failure (first lines). */
  cDetail?: string;
  /** Hash of the program without its weights (weights.c), and of the weights. */
  program?: string;
  weights?: string;
}

export interface FuzzOptions {
  seeds: SeedModel[];
  /** Relative pick weights of the seeds (default uniform). */
  seedWeights?: number[];
  cases: number;
  /** Index of the first case (default 0): cases first … first + cases − 1 are run. */
  first?: number;
  runSeed: number;
  /** Scratch folder (cases, generated projects, object cache). */
  root: string;
  /** Library worker threads (default 2). */
  workers?: number;
  /** Parallel gcc / runner processes (default 2). */
  jobs?: number;
  /** Per-case cap on import → generate (default 20 s). */
  caseTimeoutMs?: number;
  /** Cap on one run of a generated runner (default 20 s). */
  runTimeoutMs?: number;
  /** Compile at most this many weight variants (new weights.c, program seen before) per program (default: all). */
  weightVariantsPerProgram?: number;
  /** Compile nothing (library outcomes only). */
  noCompile?: boolean;
  /** Append one JSON line per case to this file. */
  log?: string;
  /** Called after each finished case. */
  progress?: (done: number, r: CaseResult) => void;
}

export interface FuzzReport {
  results: CaseResult[];
  ms: number;
  /** Time spent compiling objects with gcc, summed over processes. */
  gccMs: number;
  /** Time spent linking runners, summed; and how many were linked. */
  linkMs: number;
  links: number;
  /** Time spent running generated runners, summed. */
  runMs: number;
  compiledObjects: number;
  cachedObjects: number;
  programs: number;
  weightVariantsCompiled: number;
}

// -------------------------------------------------------------------------------------------------------------
// processes

interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

class Semaphore {
  private queue: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((res) => this.queue.push(res));
  }
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.free++;
  }
}

function run(cmd: string, args: string[], opts: { input?: Buffer; timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv }): Promise<ProcResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child: ChildProcess = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => {
      if (err.length < 20000) err += b.toString();
    });
    child.stdin!.on('error', () => undefined);
    child.on('error', (e) => {
      err += String(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err, timedOut, ms: performance.now() - t0 });
    });
    child.stdin!.end(opts.input ?? Buffer.alloc(0));
  });
}

// -------------------------------------------------------------------------------------------------------------
// C build with an object cache

const BANNER = /^\/\* [^\n]*: copied by tinyfit [^\n]*\*\/\n/;

function sha(parts: Array<string | Buffer>): string {
  const h = crypto.createHash('sha1');
  for (const p of parts) {
    h.update(p);
    h.update('\u0000');
  }
  return h.digest('hex');
}

/** A generated project's .c files with the content key of each (file, transitive quoted includes, flags). */
function objectKeys(dir: string): Map<string, string> {
  const text = new Map<string, string>();
  const read = (rel: string): string | undefined => {
    if (!text.has(rel)) {
      const p = path.join(dir, rel);
      text.set(rel, fs.existsSync(p) ? fs.readFileSync(p, 'utf8').replace(BANNER, '') : '');
    }
    return text.get(rel);
  };
  const includes = (rel: string): string[] => {
    const seen = new Set<string>();
    const queue = [rel];
    while (queue.length) {
      const f = queue.pop()!;
      for (const m of (read(f) ?? '').matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
        const local = path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1]));
        const cand = fs.existsSync(path.join(dir, local)) ? local : m[1];
        if (!seen.has(cand)) {
          seen.add(cand);
          queue.push(cand);
        }
      }
    }
    return [...seen].sort();
  };
  const cfiles = fs.readdirSync(dir).filter((f) => f.endsWith('.c'));
  // The project's C sources: the model, its kernels and its port (as the generated Makefile lists them).
  for (const sub of ['kernels', 'port']) {
    if (!fs.existsSync(path.join(dir, sub))) continue;
    for (const f of fs.readdirSync(path.join(dir, sub))) if (f.endsWith('.c')) cfiles.push(`${sub}/${f}`);
  }
  const keys = new Map<string, string>();
  for (const c of cfiles.sort()) {
    const inc = includes(c);
    keys.set(c, sha([CFLAGS.join(' '), read(c)!, ...inc.flatMap((i) => [i, read(i) ?? ''])]));
  }
  return keys;
}

class CBuilder {
  gccMs = 0;
  linkMs = 0;
  links = 0;
  runMs = 0;
  compiled = 0;
  cached = 0;
  private readonly objects = new Map<string, Promise<string | undefined>>();
  private readonly binaries = new Set<string>();
  private readonly sem: Semaphore;
  constructor(private readonly cache: string, jobs: number, private readonly runTimeoutMs: number) {
    fs.mkdirSync(cache, { recursive: true });
    this.sem = new Semaphore(jobs);
  }

  /** Compiles (or reuses) one object; resolves to an error text on failure. */
  private object(dir: string, rel: string, key: string): Promise<string | undefined> {
    let p = this.objects.get(key);
    if (p) {
      this.cached++;
      return p;
    }
    p = (async () => {
      const obj = path.join(this.cache, `${key}.o`);
      await this.sem.acquire();
      try {
        const tmp = `${obj}.${process.pid}.tmp`;
        const r = await run('gcc', [...CFLAGS, '-c', path.join(dir, rel), '-o', tmp], { timeoutMs: 300000 });
        this.gccMs += r.ms;
        this.compiled++;
        if (r.code !== 0) return `${rel}: ${r.timedOut ? 'gcc timed out' : r.stderr.split('\n').slice(0, 6).join(' | ')}`;
        fs.renameSync(tmp, obj);
        return undefined;
      } finally {
        this.sem.release();
      }
    })();
    this.objects.set(key, p);
    return p;
  }

  /** Builds and runs a generated project; the project folder is left to the caller. */
  async build(
    dir: string,
    inputBytes: number[],
    outputBytes: number[],
    seed: number,
    compileWeights: (program: string, weights: string) => boolean,
  ): Promise<{ c: CStatus; detail?: string; program: string; weights: string }> {
    const keys = objectKeys(dir);
    const weights = keys.get('weights.c') ?? '';
    const program = sha([...keys].filter(([f]) => f !== 'weights.c').flatMap(([f, k]) => [f, k]));
    if (!compileWeights(program, weights)) return { c: 'not-compiled', program, weights };
    const errors = await Promise.all([...keys].map(([rel, key]) => this.object(dir, rel, key)));
    const err = errors.find((e) => e !== undefined);
    if (err) return { c: 'compile-failed', detail: err, program, weights };
    const binKey = sha([...keys.values()]);
    if (this.binaries.has(binKey)) return { c: 'same-binary', program, weights };
    this.binaries.add(binKey);
    const bin = path.join(this.cache, `${binKey}.bin`);
    await this.sem.acquire();
    try {
      const l = await run('gcc', [...LINK, '-o', bin, ...[...keys.values()].map((k) => path.join(this.cache, `${k}.o`)), '-lm'], { timeoutMs: 120000 });
      this.linkMs += l.ms;
      this.links++;
      if (l.code !== 0) return { c: 'link-failed', detail: l.stderr.split('\n').slice(0, 6).join(' | '), program, weights };
      const rnd = mulberry32(seed);
      const n = inputBytes.reduce((a, b) => a + b, 0) / 4;
      const input = new Float32Array(n);
      for (let i = 0; i < n; i++) input[i] = 2 * rnd() - 1;
      const r = await run(bin, [], {
        input: Buffer.from(input.buffer),
        timeoutMs: this.runTimeoutMs,
        env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0', UBSAN_OPTIONS: 'print_stacktrace=1' },
      });
      this.runMs += r.ms;
      const want = outputBytes.reduce((a, b) => a + b, 0);
      if (r.timedOut) return { c: 'run-timeout', program, weights };
      if (r.code !== 0) {
        const lines = r.stderr.split('\n').filter((s) => /ERROR|runtime error|SUMMARY|#[0-3] /.test(s)).slice(0, 8);
        return { c: 'run-failed', detail: `exit ${r.code ?? r.signal}: ${lines.join(' | ') || r.stderr.slice(0, 300)}`, program, weights };
      }
      if (r.stdout.length !== want) return { c: 'bad-output', detail: `runner wrote ${r.stdout.length} bytes, expected ${want}`, program, weights };
      return { c: 'ran', program, weights };
    } finally {
      fs.rmSync(bin, { force: true });
      this.sem.release();
    }
  }
}

// -------------------------------------------------------------------------------------------------------------
// worker pool

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const WORKER = path.join(__dirname, 'caseWorker.js');

interface WorkerReply {
  id: number;
  outcome: 'generated' | 'user' | 'internal';
  ms: number;
  stage?: string;
  name?: string;
  message?: string;
  stack?: string;
  inputs?: number[];
  outputs?: number[];
  arenaBytes?: number;
}

/** The '#'-prefixed lines of a V8 fatal error report (or the last lines of stderr), as one line. */
function crashText(stderr: string): string {
  const v8 = stderr
    .split('\n')
    .filter((l) => /^# \S/.test(l))
    .map((l) => l.slice(2).trim());
  const lines = v8.length > 0 ? v8 : stderr.trim().split('\n').slice(-3);
  return lines.join(' | ').slice(0, 300);
}

/**
 * One library worker process. A process, not a worker thread: a V8 fatal error (an array grown past V8's size
 * limit, as a 2^53-wide input makes the planner do) aborts the whole process, which must not be the test's.
 */
class LibWorker {
  private child!: ChildProcess;
  private ready!: Promise<void>;
  private stderr = '';
  private pending?: { id: number; resolve: (r: WorkerReply | 'hang' | Error) => void; timer: NodeJS.Timeout };
  constructor(private readonly timeoutMs: number) {
    this.start();
  }

  private start(): void {
    const c = fork(WORKER, [], {
      env: { ...process.env, TINYFIT_FUZZ_DIST: DIST },
      execArgv: ['--max-old-space-size=3072'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child = c;
    this.stderr = '';
    c.stderr!.on('data', (b: Buffer) => {
      if (c === this.child) this.stderr = (this.stderr + b.toString()).slice(-8000);
    });
    let started = false;
    this.ready = new Promise((res, rej) => {
      const onMsg = (m: { ready?: boolean }): void => {
        if (m.ready) {
          started = true;
          c.off('message', onMsg);
          res();
        }
      };
      c.on('message', onMsg);
      // A worker that cannot start (dist/ missing or broken) fails the run instead of restarting forever.
      c.once('exit', (code, signal) => {
        if (!started) rej(new Error(`fuzz worker did not start (${signal ?? `exit ${code}`}): ${crashText(this.stderr)}`));
      });
    });
    this.ready.catch(() => undefined);
    // Messages and exits of a process already replaced (killed after a hang) are ignored.
    c.on('message', (m: WorkerReply & { ready?: boolean }) => {
      if (m.ready || c !== this.child || !this.pending || this.pending.id !== m.id) return;
      clearTimeout(this.pending.timer);
      const p = this.pending;
      this.pending = undefined;
      p.resolve(m);
    });
    c.on('exit', (code, signal) => {
      if (c !== this.child || !started) return;
      const p = this.pending;
      this.pending = undefined;
      const why = `worker process died (${signal ?? `exit ${code}`}): ${crashText(this.stderr)}`;
      this.start();
      if (p) {
        clearTimeout(p.timer);
        p.resolve(new Error(why));
      }
    });
  }

  async run(id: number, modelDir: string, outDir: string): Promise<WorkerReply | 'hang' | Error> {
    await this.ready;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!this.pending) return;
        this.pending = undefined;
        const c = this.child;
        this.start();
        c.kill('SIGKILL');
        resolve('hang');
      }, this.timeoutMs);
      this.pending = { id, resolve, timer };
      this.stderr = '';
      this.child.send({ id, modelDir, outDir });
    });
  }

  async close(): Promise<void> {
    const c = this.child;
    this.child = undefined as unknown as ChildProcess; // its exit must not start a new one
    if (c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((res) => {
      c.once('exit', () => res());
      c.kill('SIGKILL');
    });
  }
}

function stackTop(stack: string): string {
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 4)
    .map((l) => l.trim().replace(/[^ (]*\/(dist|src|tests)\//, '$1/'))
    .join(' < ');
}

/** Runs `opts.cases` mutated models; see the file comment. */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const root = opts.root;
  fs.mkdirSync(root, { recursive: true });
  const builder = new CBuilder(path.join(root, 'objcache'), opts.jobs ?? 2, opts.runTimeoutMs ?? 20000);
  const workers = Array.from({ length: opts.workers ?? 2 }, () => new LibWorker(opts.caseTimeoutMs ?? 20000));
  const results: CaseResult[] = new Array(opts.cases);
  const variants = new Map<string, Set<string>>();
  let weightVariantsCompiled = 0;
  const compileWeights = (program: string, weights: string): boolean => {
    let s = variants.get(program);
    if (!s) variants.set(program, (s = new Set()));
    if (s.has(weights)) return true;
    const budget = opts.weightVariantsPerProgram ?? Infinity;
    if (s.size > budget) return false; // the first weights of a program are not a variant
    if (s.size > 0) weightVariantsCompiled++;
    s.add(weights);
    return true;
  };
  const logFd = opts.log ? fs.openSync(opts.log, 'a') : undefined;
  const first = opts.first ?? 0;
  let next = first;
  let done = 0;
  const inflight = new Set<Promise<void>>();

  const finish = (r: CaseResult): void => {
    results[r.index - first] = r;
    done++;
    if (logFd !== undefined) fs.writeSync(logFd, `${JSON.stringify(r)}\n`);
    opts.progress?.(done, r);
  };

  const loop = async (w: LibWorker, wi: number): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= first + opts.cases) return;
      const c: MutatedCase = mutateCase(opts.seeds, opts.runSeed, index, opts.seedWeights);
      const caseDir = path.join(root, `w${wi}`, `case${index}`);
      const outDir = path.join(root, `w${wi}`, `out${index}`);
      writeCase(c, caseDir);
      const reply = await w.run(index, caseDir, outDir);
      fs.rmSync(caseDir, { recursive: true, force: true });
      const base = { index, seed: c.seed, mutations: c.mutations, desc: describeCase(c) };
      if (reply === 'hang') {
        fs.rmSync(outDir, { recursive: true, force: true });
        finish({ ...base, outcome: 'hang', ms: opts.caseTimeoutMs ?? 20000 });
        continue;
      }
      if (reply instanceof Error) {
        fs.rmSync(outDir, { recursive: true, force: true });
        finish({ ...base, outcome: 'internal', stage: 'worker', message: reply.message, ms: 0 });
        continue;
      }
      if (reply.outcome !== 'generated') {
        fs.rmSync(outDir, { recursive: true, force: true });
        const message = reply.message ?? '';
        finish({
          ...base,
          outcome: reply.outcome,
          stage: reply.stage,
          message: reply.outcome === 'internal' ? `${reply.name}: ${message}` : message,
          stack: reply.outcome === 'internal' ? stackTop(reply.stack ?? '') : undefined,
          multiLine: reply.outcome === 'user' && (/[\n\r]/.test(message) || message.trim() === '') ? true : undefined,
          ms: reply.ms,
        });
        continue;
      }
      if (opts.noCompile) {
        fs.rmSync(outDir, { recursive: true, force: true });
        finish({ ...base, outcome: 'generated', ms: reply.ms });
        continue;
      }
      // Compile in the background; keep at most a few projects waiting.
      while (inflight.size >= 4) await Promise.race(inflight);
      const b: Promise<void> = builder
        .build(outDir, reply.inputs ?? [], reply.outputs ?? [], index + 1, compileWeights)
        .catch((e: Error) => ({ c: 'compile-failed' as CStatus, detail: `build error: ${e.message}`, program: '', weights: '' }))
        .then((br) => {
          fs.rmSync(outDir, { recursive: true, force: true });
          inflight.delete(b);
          finish({ ...base, outcome: 'generated', ms: reply.ms, c: br.c, cDetail: br.detail, program: br.program, weights: br.weights });
        });
      inflight.add(b);
    }
  };
  try {
    await Promise.all(workers.map((w, i) => loop(w, i)));
    while (inflight.size > 0) await Promise.race(inflight);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    if (logFd !== undefined) fs.closeSync(logFd);
  }
  return {
    results,
    ms: performance.now() - t0,
    gccMs: builder.gccMs,
    linkMs: builder.linkMs,
    links: builder.links,
    runMs: builder.runMs,
    compiledObjects: builder.compiled,
    cachedObjects: builder.cached,
    programs: variants.size,
    weightVariantsCompiled,
  };
}

/** C statuses that are failures. */
export const C_FAILURES: ReadonlySet<CStatus> = new Set<CStatus>(['compile-failed', 'link-failed', 'run-failed', 'run-timeout', 'bad-output']);

/** A case that fails the criterion: an internal error, a hang, a multi-line user error or C that fails. */
export function isFailure(r: CaseResult): boolean {
  return r.outcome === 'internal' || r.outcome === 'hang' || !!r.multiLine || (r.c !== undefined && C_FAILURES.has(r.c));
}

/**
 * A failure's root-cause signature: the outcome, the error or compiler message with numbers, quoted names and paths
 * blanked, and the innermost library frame — cases with one signature share a cause.
 */
export function signature(r: CaseResult): string {
  const blank = (s: string): string =>
    s
      .replace(/\/\S+/g, 'P')
      .replace(/'[^']*'|‘[^’]*’|"[^"]*"/g, "'X'")
      .replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi, 'N')
      .slice(0, 140);
  if (r.outcome === 'hang') return 'hang';
  if (r.outcome === 'generated') return `C ${r.c}: ${blank((r.cDetail ?? '').replace(/^.*?(error|runtime error|ERROR): /, '').split(' | ')[0])}`;
  const frame = /((?:src|dist\/src)\/[^ :)]+)/.exec(r.stack ?? '')?.[1] ?? '';
  return `${r.outcome}${r.multiLine ? ' (multi-line)' : ''} ${blank(r.message ?? '')}${frame ? ` @ ${frame}` : ''}`;
}
