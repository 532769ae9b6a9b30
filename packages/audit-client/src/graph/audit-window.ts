/** A span of `activityDateTime`, epoch ms, inclusive at both ends (Graph `ge` / `le`). */
export interface AuditWindow {
  from: number;
  to: number;
}
