import type { EvaluationReport, EvaluationVerdict } from './evaluation-report.js';
import { evaluationRows } from './evaluation-rows.js';

/** Columns padded to their widest cell, two spaces apart. */
function aligned(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** `--format table`: for a terminal (without the attacks' kinds and expected rules, which * marks). */
export function formatEvaluationTable(report: EvaluationReport, verdict: EvaluationVerdict): string {
  const rows = evaluationRows(report, verdict);
  return [
    'Labelled evaluation',
    ...rows.summary,
    '',
    'Planted attacks',
    ...aligned(
      rows.attackHeader.filter((_, i) => i !== 1 && i !== 3),
      rows.attackRows.map((row) => row.filter((_, i) => i !== 1 && i !== 3)),
    ),
    '',
    'Rules',
    ...aligned(rows.ruleHeader, rows.ruleRows),
    '',
    ...rows.notes,
    '',
  ].join('\n');
}

/** A table cell of markdown: pipes and asterisks (the expected-rule mark) escaped. */
function cell(text: string): string {
  return text.replace(/[|*]/g, '\\$&');
}

function table(header: readonly string[], rows: readonly string[][], right: ReadonlySet<number>): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map((_, i) => (right.has(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** `--format markdown`: the section BENCHMARKS.md carries. */
export function formatEvaluationMarkdown(report: EvaluationReport, verdict: EvaluationVerdict): string {
  const rows = evaluationRows(report, verdict);
  return [
    '## Labelled evaluation',
    '',
    ...rows.summary.map((line) => `- ${line}`),
    '',
    ...table(rows.attackHeader, rows.attackRows, new Set()),
    '',
    ...table(rows.ruleHeader, rows.ruleRows, new Set([2, 3, 4, 5])),
    '',
    ...rows.notes.map((line) => `- ${line}`),
    '',
  ].join('\n');
}
