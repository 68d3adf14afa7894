import type { AnyMitigationCommand } from './command';
import { boundedGroupLossMethod } from './bounded-group-loss/command';
import { correlationRemover } from './correlation-remover/command';
import { disparateImpactRemover } from './disparate-impact-remover/command';
import { exponentiatedGradient } from './reductions/exponentiated-gradient-command';
import { ferm } from './ferm/command';
import { gridSearch } from './reductions/grid-search-command';
import { rejectOption } from './reject-option/command';
import { representation } from './representation/command';
import { reweighing } from './reweighing/command';
import { threshold } from './threshold/command';
import { wasserstein } from './wasserstein/command';

/** Every mitigation method, in the order menus list them. */
export const MITIGATIONS: readonly AnyMitigationCommand[] = [
  ferm,
  reweighing,
  threshold,
  rejectOption,
  wasserstein,
  boundedGroupLossMethod,
  representation,
  correlationRemover,
  disparateImpactRemover,
  exponentiatedGradient,
  gridSearch,
];

export function findMitigation(name: string): AnyMitigationCommand | undefined {
  return MITIGATIONS.find((method) => method.name === name);
}
