// The public API of @b2c-alerts/worker. Anything not exported here is internal.
export {};
