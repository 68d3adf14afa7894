import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, Range, TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Addition, PipelineFinding, SourceRange } from '../../engine/pipeline/findings';

export const PIPELINE_CODE = 'parity.featureLeakage';

/** What a pipeline diagnostic carries for its quick fix. */
export interface PipelineDiagnosticData {
  column: string;
  sensitive: string[];
  removal: SourceRange | null;
  /** For a column a drop() or a selection of the columns keeps: where to add it to the excluded ones. */
  addition?: Addition | null;
}

/**
 * Diagnostics on the string literals of sensitive columns (warning) and proxies (warning when
 * strong, information when moderate) used as model features, or kept in a frame named like a
 * model's input (the message says which). For notebooks give the findings'
 * `cell` ranges when publishing per cell, or the ranges as they are for the .ipynb text.
 */
export function pipelineDiagnostics(findings: readonly PipelineFinding[]): Diagnostic[] {
  return findings.map((finding) => {
    const data: PipelineDiagnosticData = { column: finding.column, sensitive: finding.sensitive, removal: finding.removal, addition: finding.addition ?? null };
    return {
      range: toRange(finding.range),
      severity: finding.kind === 'sensitive' || finding.severity === 'strong' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      code: PIPELINE_CODE,
      source: 'parity',
      message: finding.message,
      data,
    };
  });
}

/** The edit of the "remove the column from the feature list" quick fix: deletes the literal and its comma. */
export function removeColumnEdit(uri: string, removal: SourceRange): WorkspaceEdit {
  return { changes: { [uri]: [TextEdit.del(toRange(removal))] } };
}

/**
 * Quick fixes for the pipeline diagnostics among `diagnostics`: remove the column from the list
 * that makes it a feature, or add a column a drop() keeps to the dropped ones.
 */
export function pipelineCodeActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((diagnostic) => {
    if (diagnostic.code !== PIPELINE_CODE) return [];
    const { column, removal, addition } = diagnostic.data as PipelineDiagnosticData;
    const action = removal
      ? CodeAction.create(`Remove \`${column}\` from the feature list`, removeColumnEdit(uri, removal), CodeActionKind.QuickFix)
      : addition
        ? CodeAction.create(
            `Add \`${column}\` to the excluded columns`,
            { changes: { [uri]: [TextEdit.insert(toRange(addition.at).start, addition.text)] } },
            CodeActionKind.QuickFix,
          )
        : undefined;
    if (!action) return [];
    action.diagnostics = [diagnostic];
    return [action];
  });
}

function toRange(range: SourceRange): Range {
  return Range.create(range.start.line, range.start.character, range.end.line, range.end.character);
}
