import type { MitigationCommand } from './command';
import { reweighing } from './reweighing';
import { wasserstein } from './wasserstein';

/** Every mitigation method, in the order menus list them. */
export const MITIGATIONS: readonly MitigationCommand[] = [reweighing, wasserstein];

export function findMitigation(name: string): MitigationCommand | undefined {
  return MITIGATIONS.find((method) => method.name === name);
}
