import { appliesTo, labelTaskOf, tasksNote, type LabelColumn, type LabelTask } from '../../common/method-tasks';
import type { MitigationInfo } from '../../common/protocol';
import type { ParametersSchema } from '../../common/params';
import { metricName } from '../../common/render/metric-names';

/**
 * Compare Methods' methods question for the chosen label: ticked to start with are the methods that
 * apply to it (a yes/no label: the classification methods; a numeric label with many values: the
 * regression ones) and take seconds; the others stay listed, unticked, their description starting
 * with what they are for ("for regression labels · …"). The pre-ticked set is the question's
 * default, so ticking every method runs every method. Its description says that default (the
 * command line's help names another: a binary label's methods, slow ones included). Not fewer:
 * a comparison is for seeing the methods that apply side by side, and the 9 for a yes/no label take
 * about 28 s of work together on 10,000 rows (compare-progress.ts), less than the slow one alone (34 s).
 */
export function methodsQuestion(schema: ParametersSchema, methods: readonly MitigationInfo[], label: LabelColumn | undefined): ParametersSchema {
  const property = schema.properties['methods'];
  if (!property?.items) return schema;
  const task = labelTaskOf(label);
  const ticked = methods.filter((method) => appliesTo(method, task) && method.slow === undefined).map((method) => method.name);
  // each row named by the method's title (its id beside it, as the plot's legend names it); under it what the method is
  // for when not this label, the time of a slow one (marked as Run Mitigation marks it), and what it does
  const labels = { ...property.items.labels, ...Object.fromEntries(methods.map((method) => [method.name, method.title])) };
  const choices = { ...property.items.choices };
  for (const method of methods)
    choices[method.name] = [
      ...(appliesTo(method, task) ? [] : [tasksNote(method)]),
      ...(method.slow ? [`$(watch) ${method.slow}`] : []),
      method.description,
    ].join(' · ');
  return {
    ...schema,
    properties: {
      ...schema.properties,
      methods: {
        ...property,
        description: methodsDescription(task, ticked.length, methods.length),
        default: ticked,
        items: { ...property.items, labels, choices },
      },
    },
  };
}

const LABEL_WORDS: Record<LabelTask, string> = { classification: 'a binary label', regression: 'a regression label' };

/**
 * "methods to compare (default: the 9 methods for a binary label that take seconds)": the review's
 * line under Methods, and (without its parentheses) the start of the question's placeholder.
 */
export function methodsDescription(task: LabelTask | undefined, ticked: number, all: number): string {
  if (ticked === all) return `methods to compare (default: all ${all})`;
  const one = ticked === 1;
  const which = `the ${ticked} method${one ? '' : 's'}${task ? ` for ${LABEL_WORDS[task]}` : ''} that take${one ? 's' : ''} seconds`;
  return `methods to compare (default: ${which})`;
}

/** The fairness measure question with the measures' readable names ("Equalized odds difference"); the values stay the report's keys. */
export function measureNames(schema: ParametersSchema): ParametersSchema {
  const property = schema.properties['fairnessMetric'];
  if (!property?.enum) return schema;
  const labels = Object.fromEntries(property.enum.map((value) => [value, metricName(value).label]));
  return { ...schema, properties: { ...schema.properties, fairnessMetric: { ...property, labels } } };
}
