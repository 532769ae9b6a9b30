import type { Alert } from '../alert/alert.js';
import { summarizeAlert, type SummaryLine } from '../alert/alert-summary.js';
import type { RenderOptions } from '../alert/investigation-links.js';
import { escapeHtml } from '../escape/escape-html.js';
import { safeUrl } from '../escape/safe-url.js';
import { sanitizeText } from '../escape/sanitize-text.js';

export interface EmailMessage {
  /** One line, no control characters: it becomes a header. */
  subject: string;
  text: string;
  html: string;
}

const subjectLength = 200;
const descriptionLength = 1000;
const valueLength = 300;
const labelLength = 100;

function textLine(l: SummaryLine): string {
  const label = sanitizeText(l.label, { singleLine: true, maxLength: labelLength });
  return `${label}: ${sanitizeText(l.value, { singleLine: true, maxLength: valueLength })}`;
}

function htmlRow(l: SummaryLine): string {
  const label = escapeHtml(l.label, { singleLine: true, maxLength: labelLength });
  const value = escapeHtml(l.value, { singleLine: true, maxLength: valueLength });
  return `<tr><th align="left" valign="top">${label}</th><td>${value}</td></tr>`;
}

function htmlTable(lines: SummaryLine[]): string {
  return `<table cellpadding="4" cellspacing="0">\n${lines.map(htmlRow).join('\n')}\n</table>`;
}

/** Subject, text and HTML parts with the same content; every event-sourced string escaped and bounded. */
export function renderEmail(alert: Alert, o: RenderOptions = {}): EmailMessage {
  const summary = summarizeAlert(alert, o);
  const subject = sanitizeText(summary.headline, { singleLine: true, maxLength: subjectLength });
  const links = summary.links
    .map((l) => ({ label: l.label, url: safeUrl(l.url) }))
    .filter((l): l is { label: string; url: string } => l.url !== undefined);

  const text = [
    subject,
    '',
    sanitizeText(alert.description, { maxLength: descriptionLength }),
    '',
    ...summary.event.map(textLine),
    '',
    ...summary.facts.map(textLine),
    '',
    ...summary.context.map(textLine),
    ...(links.length > 0 ? ['', ...links.map((l) => `${l.label}: ${l.url}`)] : []),
    '',
  ].join('\n');

  const description = escapeHtml(alert.description, { maxLength: descriptionLength }).replace(/\n/g, '<br>\n');
  const linkHtml = links.map((l) => `<a href="${escapeHtml(l.url, { maxLength: 10_000 })}">${escapeHtml(l.label)}</a>`);
  const html = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(subject, { maxLength: subjectLength * 6 })}</h2>`,
    `<p>${description}</p>`,
    htmlTable(summary.event),
    htmlTable(summary.facts),
    htmlTable(summary.context),
    ...(links.length > 0 ? [`<p>${linkHtml.join(' | ')}</p>`] : []),
    '</body></html>',
    '',
  ].join('\n');

  return { subject, text, html };
}
