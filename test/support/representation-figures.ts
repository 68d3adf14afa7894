/** One head's figures in the representation command's report.json (`parameters.tasks[i]`, `parameters.transfer`). */
export interface TaskFigures {
  task: string;
  before: { accuracy: number; demographic_parity_difference: number };
  after: { accuracy: number; demographic_parity_difference: number };
}
