import { forEditor } from '../../../common/params';
import type { MitigationInfo } from '../../../common/protocol';
import { MITIGATIONS } from '../methods/registry';
import { describeParameters } from '../params/schema';
import { slowNote } from './compare-progress';

/** Every method as the editor learns it (the answer to parity/mitigations): words, tasks and parameter schema. */
export function mitigationInfos(): MitigationInfo[] {
  return MITIGATIONS.map((method) => ({
    name: method.name,
    title: method.title,
    summary: method.summary,
    description: method.description,
    kind: method.kind,
    tasks: method.tasks,
    input: method.input,
    ...(method.baseModel ? { baseModel: method.baseModel } : {}),
    parameters: forEditor(describeParameters(method.params)),
    ...(slowNote(method.name) ? { slow: slowNote(method.name)! } : {}),
  }));
}
