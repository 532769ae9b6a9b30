// The public API of @b2c-alerts/notify. Anything not exported here is internal.
export { alertId, buildAlert, entraAuditLogUrl, type Alert, type AlertField, type BuildAlertOptions } from './alert.js';
export { summarizeAlert, type AlertSummary, type SummaryLine } from './alert-summary.js';
export { sanitizeText, stripControlChars, type SanitizeTextOptions, type CleanTextOptions } from './sanitize-text.js';
export { escapeSlack, defaultSlackValueLength, type EscapeSlackOptions } from './escape-slack.js';
export { escapeHtml, defaultHtmlValueLength, type EscapeHtmlOptions } from './escape-html.js';
export { safeUrl } from './safe-url.js';
export { renderSlackMessage, type SlackMessage } from './render-slack.js';
export { renderEmail, type EmailMessage } from './render-email.js';
export { NotifyError, isNotifyError, type NotifyErrorCode, type NotifyErrorOptions } from './notify-error.js';
export { SlackSender, type SlackSenderOptions, type SlackSendRequest, type SlackSendResult } from './slack-sender.js';
export { EmailSender, type EmailSenderOptions, type EmailSendRequest, type EmailSendResult } from './email-sender.js';
