// The public API of @b2c-alerts/testkit. Anything not exported here is internal.
export { GraphEmulator, type GraphEmulatorOptions, type GraphEmulatorStats, type EmulatorRequest } from './graph-emulator.js';
export { faultKinds, type Fault, type FaultKind, type RandomFaults } from './fault-queue.js';
export { tokenFaultKinds, type TokenFaultKind } from './token-endpoint.js';
export { parseAuditFilter, ODataFilterError, type AuditFilter, type TimeBound, type StringProperty } from './odata-filter.js';
export { parseActivityTime, compareActivityTime, type ActivityTime } from './activity-time.js';
export { retentionFloor, retentionErrorBody } from './retention.js';
export { formatUsDateTime } from './format-us-date-time.js';
export { formatActivityDateTime } from './format-activity-date-time.js';
export { Prng, seedFrom } from './prng.js';
export { generateTraffic, type TrafficOptions } from './traffic-generator.js';
export { incidents } from './incidents.js';
export { b2cActivityCatalog, isB2cActivity } from './activity-catalog.js';
export { knownAdmins, intruderAdmin, type TenantAdmin } from './known-admins.js';
export { b2cApps, type B2cApp } from './traffic-population.js';
export { SlackEmulator, type SlackEmulatorOptions, type SlackPostedMessage, type SlackRequestRecord } from './slack-emulator.js';
export { slackFaultKinds, type SlackFault, type SlackFaultKind } from './slack-fault.js';
export { SmtpSink, type SmtpSinkOptions, type ReceivedMail } from './smtp-sink.js';
