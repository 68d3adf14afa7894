import type { MitigationCommand } from './command';
import { reweighing } from './reweighing';

/** Every mitigation method, in the order menus list them. */
export const MITIGATIONS: readonly MitigationCommand[] = [reweighing];

export function findMitigation(name: string): MitigationCommand | undefined {
  return MITIGATIONS.find((method) => method.name === name);
}
