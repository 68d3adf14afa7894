import type loadHighs from 'highs';

/** One constraint row: lower ≤ Σ_k values[k]·x[indices[k]] ≤ upper (±Infinity for no bound). */
export interface LinearRow {
  indices: number[];
  values: number[];
  lower: number;
  upper: number;
}

/** Optimize Σ cost_j·x_j over lower_j ≤ x_j ≤ upper_j and the rows. */
export interface LinearProgram {
  sense: 'minimize' | 'maximize';
  cost: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  rows: readonly LinearRow[];
}

export type LinearProgramResult = { status: 'optimal'; values: Float64Array; objective: number; rowDuals: Float64Array } | { status: 'infeasible' };

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let runtime: Promise<Highs> | undefined;

/**
 * The HiGHS WebAssembly runtime, loaded once per process at the first solve (highs.wasm sits next
 * to the bundle or in node_modules/highs); its loader's code too, which only the threshold
 * optimizer needs. (The package's types describe an ES module; it is CommonJS, whose import()
 * has the loader as `default`.)
 */
function highs(): Promise<Highs> {
  runtime ??= (import('highs') as unknown as Promise<{ default: typeof loadHighs }>).then(({ default: load }) => load());
  return runtime;
}

/**
 * Drops this module's reference to the runtime: its WebAssembly memory (which never shrinks, 16 to
 * 22 MB after the threshold optimizer's programs) goes back once collected. The next solve loads it
 * again. Resolves one turn of the event loop later: until then V8 itself still holds the result of
 * the runtime's instantiation, and no collection could free it.
 */
export async function releaseLinearProgramSolver(): Promise<void> {
  runtime = undefined;
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Solves a linear program with HiGHS (dual simplex by default), with feasibility and optimality
 * tolerances of 1e-9 instead of HiGHS's 1e-7. An infeasible program is a result; any other
 * non-optimal outcome (unbounded, a solver error) is a programming error and throws.
 */
export async function solveLinearProgram(program: LinearProgram): Promise<LinearProgramResult> {
  const solver = await highs();
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of program.rows) {
    // element by element: a row can have as many entries as a group has hull vertices
    for (const index of row.indices) indices.push(index);
    for (const value of row.values) values.push(value);
    starts.push(indices.length);
  }
  const columns = program.cost.length;
  return solver.withModel(
    {
      numCols: columns,
      numRows: program.rows.length,
      sense: program.sense === 'maximize' ? solver.constants.objectiveSense.maximize : solver.constants.objectiveSense.minimize,
      colCost: Float64Array.from(program.cost),
      colLower: Float64Array.from(program.lower),
      colUpper: Float64Array.from(program.upper),
      rowLower: Float64Array.from(program.rows, (row) => row.lower),
      rowUpper: Float64Array.from(program.rows, (row) => row.upper),
      matrix: { format: 'csr', numRows: program.rows.length, numCols: columns, starts, indices, values },
    },
    (model): LinearProgramResult => {
      model.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 });
      model.run();
      const status = model.getModelStatus();
      if (status === solver.constants.modelStatus.infeasible) return { status: 'infeasible' };
      if (status !== solver.constants.modelStatus.optimal) throw new Error(`linear program not solved (HiGHS model status ${status})`);
      const solution = model.getSolution();
      return { status: 'optimal', values: solution.colValue, objective: model.getObjectiveValue(), rowDuals: solution.rowDual };
    },
  );
}
