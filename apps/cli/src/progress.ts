/** The part of a stream the progress line needs: stderr, or a capture of it in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** True when the stream is a terminal, so a progress line is shown. */
  readonly active: boolean;
  /** Replaces the progress line with `text`; nothing when not a terminal. */
  update(text: string): void;
  /** Removes the line, before the summary or an error is printed. */
  clear(): void;
  /** Where log lines go: on a terminal the progress line is cleared first and redrawn below them. */
  readonly logDestination: { write(chunk: string): void };
}

const clearLine = '\r\x1b[2K';

/**
 * A single updating status line on stderr, only when stderr is a terminal. Piped or redirected
 * output stays free of control characters: nothing is written until the summary.
 */
export function createProgress(stream: ProgressStream): Progress {
  const active = stream.isTTY === true;
  let shown = '';

  const draw = (text: string) => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    shown = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    stream.write(`${clearLine}${shown}`);
  };

  return {
    active,
    update(text) {
      if (active) draw(text);
    },
    clear() {
      if (active && shown !== '') {
        stream.write(clearLine);
        shown = '';
      }
    },
    logDestination: {
      write(chunk) {
        if (!active || shown === '') {
          stream.write(chunk);
          return;
        }
        const line = shown;
        stream.write(clearLine);
        stream.write(chunk);
        draw(line);
      },
    },
  };
}
