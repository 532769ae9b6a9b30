// The public API of @b2c-alerts/testkit. Anything not exported here is internal.
export {
  GraphEmulator,
  type GraphEmulatorOptions,
  type GraphEmulatorStats,
  type EmulatorRequest,
} from './graph-emulator/graph-emulator.js';
export {
  faultKinds,
  transientFaultKinds,
  type Fault,
  type FaultKind,
  type RandomFaults,
} from './graph-emulator/fault-queue.js';
export type { TokenFaultKind } from './token-endpoint/token-endpoint.js';
export type { DirectoryObjectFixture } from './graph-emulator/directory-objects.js';
export { b2cAppDirectory } from './traffic/app-directory.js';
export { ODataFilterError } from './graph-emulator/odata-filter.js';
export { parseActivityTime, type ActivityTime } from './date-time/activity-time.js';
export { retentionErrorBody } from './graph-emulator/retention.js';
export { formatActivityDateTime } from './date-time/format-activity-date-time.js';
export { Prng } from './random/prng.js';
export { generateTraffic, type TrafficOptions } from './traffic/traffic-generator.js';
export { incidents } from './traffic/incidents.js';
export { isKnownActivity } from './traffic/known-activity.js';
export { attackCatalogue } from './traffic/attacks/attack-catalogue.js';
export type { PlantedAttack, AttackOptions, Outage } from './traffic/attacks/planted-attack.js';
export { knownAdmins, intruderAdmin, type TenantAdmin } from './traffic/known-admins.js';
export {
  roleManagers,
  userAdmins,
  deploymentPipeline,
  signUpService,
  type ServicePrincipalActor,
} from './traffic/directory-actors.js';
export {
  SlackEmulator,
  type SlackEmulatorOptions,
  type SlackPostedMessage,
  type SlackRequestRecord,
} from './slack-emulator/slack-emulator.js';
export type { SlackFault, SlackFaultKind } from './slack-emulator/slack-fault.js';
export { SmtpSink, type SmtpSinkOptions, type ReceivedMail } from './smtp-sink/smtp-sink.js';
export { emulatorEnv, type EmulatorEnvOptions } from './fixtures/emulator-env.js';
export { EmulatorFixture, emulatorFixture } from './fixtures/emulator-fixture.js';
export { selfSignedCertificate, type SelfSignedCertificate } from './fixtures/self-signed-certificate.js';
export { PrivateRedisServer, type PrivateRedisServerOptions } from './redis-server/private-redis-server.js';
export {
  generatedArchive,
  dayMs,
  hourMs,
  type GeneratedArchive,
  type GeneratedArchiveOptions,
} from './fixtures/generated-archive.js';
export { investigationEvents } from './fixtures/investigation-events.js';
