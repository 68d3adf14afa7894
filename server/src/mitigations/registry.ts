import type { MitigationCommand } from './command';
import { reweighing } from './reweighing';
import { threshold } from './threshold';
import { wasserstein } from './wasserstein';

/** Every mitigation method, in the order menus list them. */
export const MITIGATIONS: readonly MitigationCommand[] = [reweighing, threshold, wasserstein];

export function findMitigation(name: string): MitigationCommand | undefined {
  return MITIGATIONS.find((method) => method.name === name);
}
