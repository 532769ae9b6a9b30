/**
 * The logging surface this package needs. Apps pass a pino child; the default is silent.
 * Messages are constant strings; variable data goes in the first argument.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
