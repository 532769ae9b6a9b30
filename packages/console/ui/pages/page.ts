import type { Route } from '../state/hash-route.js';

/**
 * A page of the console. The router makes one when the route's first segment changes and otherwise
 * hands it the new route, so a page keeps what it loaded when only part of its state moves.
 */
export interface Page {
  element: HTMLElement;
  update(route: Route): void;
  /** Aborts what the page still loads. */
  dispose(): void;
}
