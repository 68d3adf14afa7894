import type { MitigationCommand } from './command';
import { correlationRemover } from './correlation-remover';
import { disparateImpactRemover } from './disparate-impact-remover';
import { exponentiatedGradient } from './exponentiated-gradient';
import { ferm } from './ferm';
import { gridSearch } from './grid-search';
import { rejectOption } from './reject-option';
import { representation } from './representation';
import { reweighing } from './reweighing';
import { threshold } from './threshold';
import { wasserstein } from './wasserstein';

/** Every mitigation method, in the order menus list them. */
export const MITIGATIONS: readonly MitigationCommand[] = [ferm, reweighing, threshold, rejectOption, wasserstein, representation, correlationRemover, disparateImpactRemover, exponentiatedGradient, gridSearch];

export function findMitigation(name: string): MitigationCommand | undefined {
  return MITIGATIONS.find((method) => method.name === name);
}
