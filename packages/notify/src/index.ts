// The public API of @b2c-alerts/notify. Anything not exported here is internal.
export { alertId, buildAlert, type Alert, type AlertField, type BuildAlertOptions } from './alert/alert.js';
export type { RenderOptions } from './alert/investigation-links.js';
export { withDirectoryNames, type DirectoryName } from './alert/directory-names.js';
export { NotifyError, isNotifyError, type NotifyErrorCode, type NotifyErrorOptions } from './errors/notify-error.js';
export {
  SlackSender,
  type SlackSenderOptions,
  type SlackSendRequest,
  type SlackSendResult,
} from './senders/slack-sender.js';
export {
  EmailSender,
  type EmailSenderOptions,
  type EmailSendRequest,
  type EmailSendResult,
} from './senders/email-sender.js';
