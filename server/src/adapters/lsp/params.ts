import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type * as z from 'zod';
import type { AuditRequestOptions } from '../../../../common/protocol';
import type { ParitySettings } from '../../../../common/settings';
import type { AuditOptions } from '../../engine/audit/options';
import { UsageError } from '../../engine/errors';
import { validateParameters } from '../../params/schema';
import { AUDIT_OPTIONS, auditOptions } from '../../services/audit-params';
import { COMPARE_PARAMS, type CompareParams } from '../../services/compare-params';
import { findMitigation } from '../../methods/registry';

/**
 * Request parameters arrive as JSON from any client: they are checked by the same schemas as the
 * CLI's flags, with mistakes named as the editor names the parameters. Unset audit values take
 * the user's settings.
 */
export function auditOptionsFrom(options: AuditRequestOptions | undefined, settings: ParitySettings): AuditOptions {
  const params = validateRequest(AUDIT_OPTIONS, options ?? {});
  return {
    ...auditOptions(params),
    bootstrap: params.bootstrap ?? settings.bootstrap,
    minGroupSize: params.minGroupSize ?? settings.minGroupSize,
    minLabelCount: params.minLabelCount ?? settings.minLabelCount,
    maxGroups: params.maxGroups ?? settings.maxGroups,
  };
}

export function compareParamsFrom(params: unknown, settings: ParitySettings): CompareParams {
  return validateRequest(COMPARE_PARAMS, withSafeCsv(params, settings));
}

/**
 * A mitigation request's parameters, with `parity.safeCsv`, `parity.bootstrap` and, for a method
 * that takes them, `parity.minGroupSize` and `parity.minLabelCount` when the request does not say
 * (the method's schema checks them in the worker).
 */
export function mitigationParamsFrom(method: string, params: unknown, settings: ParitySettings): unknown {
  const withCsv = withSafeCsv(params, settings);
  if (typeof withCsv !== 'object' || withCsv === null || Array.isArray(withCsv)) return withCsv;
  const shape = findMitigation(method)?.params.shape;
  const takesMinGroupSize = shape?.minGroupSize !== undefined;
  const takesMinLabelCount = shape !== undefined && 'minLabelCount' in shape;
  return {
    ...('bootstrap' in withCsv ? {} : { bootstrap: settings.bootstrap }),
    ...(takesMinGroupSize && !('minGroupSize' in withCsv) ? { minGroupSize: settings.minGroupSize } : {}),
    ...(takesMinLabelCount && !('minLabelCount' in withCsv) ? { minLabelCount: settings.minLabelCount } : {}),
    ...withCsv,
  };
}

function withSafeCsv(params: unknown, settings: ParitySettings): unknown {
  if (typeof params !== 'object' || params === null || Array.isArray(params) || 'safeCsv' in params) return params;
  return { ...params, safeCsv: settings.safeCsv };
}

function validateRequest<S extends z.ZodObject>(schema: S, input: unknown): z.output<S> {
  try {
    return validateParameters(schema, input, 'title');
  } catch (error) {
    if (error instanceof UsageError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
    throw error;
  }
}

// The protocol's hand-written option type and the schema must describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const AUDIT_OPTIONS_MATCH_PROTOCOL: Same<AuditRequestOptions, z.input<typeof AUDIT_OPTIONS>> &
  Same<keyof AuditRequestOptions, keyof z.input<typeof AUDIT_OPTIONS>> = true;
