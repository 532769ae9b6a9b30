// The public API of @b2c-alerts/testkit. Anything not exported here is internal.
export { GraphEmulator, type GraphEmulatorOptions, type GraphEmulatorStats, type EmulatorRequest } from './graph-emulator/graph-emulator.js';
export { faultKinds, type Fault, type FaultKind, type RandomFaults } from './graph-emulator/fault-queue.js';
export { tokenFaultKinds, type TokenFaultKind } from './token-endpoint/token-endpoint.js';
export { parseAuditFilter, ODataFilterError, type AuditFilter, type TimeBound, type StringProperty } from './graph-emulator/odata-filter.js';
export { parseActivityTime, compareActivityTime, type ActivityTime } from './date-time/activity-time.js';
export { retentionFloor, retentionErrorBody } from './graph-emulator/retention.js';
export { formatUsDateTime } from './date-time/format-us-date-time.js';
export { formatActivityDateTime } from './date-time/format-activity-date-time.js';
export { Prng, seedFrom } from './random/prng.js';
export { generateTraffic, type TrafficOptions } from './traffic/traffic-generator.js';
export { incidents } from './traffic/incidents.js';
export { b2cActivityCatalog, isB2cActivity } from './traffic/activity-catalog.js';
export { knownAdmins, intruderAdmin, type TenantAdmin } from './traffic/known-admins.js';
export { b2cApps, type B2cApp } from './traffic/traffic-population.js';
export { SlackEmulator, type SlackEmulatorOptions, type SlackPostedMessage, type SlackRequestRecord } from './slack-emulator/slack-emulator.js';
export { slackFaultKinds, type SlackFault, type SlackFaultKind } from './slack-emulator/slack-fault.js';
export { SmtpSink, type SmtpSinkOptions, type ReceivedMail } from './smtp-sink/smtp-sink.js';
