/**
 * The variables whose values are secrets: the logger censors them wherever they appear, and routes.yaml
 * may never use them, whatever ROUTE_VARIABLES_PREFIX says.
 */
export const secretVariables = [
  'AZURE_CLIENT_SECRET',
  'SLACK_BOT_TOKEN',
  'SMTP_URL',
  'REDIS_URL',
  'CONSOLE_TOKEN',
] as const;
