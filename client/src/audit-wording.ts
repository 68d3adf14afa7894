import type { AuditContent, AuditRequestOptions } from '../../common/protocol';
import type { PositiveMeans } from '../../common/reports/audit';

/**
 * The same audit worded by what a positive outcome means (the figures do not depend on it); its
 * request carries the answer too, since an audit against another reference repeats the request.
 */
export function withPositiveMeans(content: AuditContent, means: PositiveMeans | null): AuditContent {
  const request = content.request;
  const options = request ? { ...request.options } : undefined;
  if (options && means === null) delete options.positiveMeans;
  else if (options) options.positiveMeans = means!;
  return {
    ...content,
    report: { ...content.report, columns: { ...content.report.columns, positiveMeans: means } },
    ...(request ? { request: { uri: request.uri, ...(options ? { options } : {}) } } : {}),
  };
}

/**
 * An open audit of a file reworded after its columns were saved: only when the saved columns keep
 * the audited label and positive value and change what a positive outcome means (other roles
 * change the figures: Audit Now runs it again). Undefined when nothing is to reword.
 */
export function rewordedAudit(content: AuditContent, saved: AuditRequestOptions): AuditContent | undefined {
  const { label, positive, positiveMeans } = content.report.columns;
  if (saved.label !== label || saved.positive !== positive) return undefined;
  const means = saved.positiveMeans ?? null;
  return means === (positiveMeans ?? null) ? undefined : withPositiveMeans(content, means);
}
