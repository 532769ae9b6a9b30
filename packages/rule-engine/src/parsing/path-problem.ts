import type { DocumentPath } from './document-path.js';
import type { PositionPart } from './read-yaml-with-positions.js';

/** A problem at a place in one parsed file, before it is given a line and column. */
export interface PathProblem {
  path: DocumentPath;
  /** Point at the key (unknown field) rather than the value; default the value. */
  part?: PositionPart;
  message: string;
}
