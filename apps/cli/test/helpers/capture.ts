/** A stdout/stderr stand-in that keeps what was written; `isTTY` makes it look like a terminal. */
export class Capture {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 200,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
