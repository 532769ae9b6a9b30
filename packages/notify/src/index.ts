// The public API of @b2c-alerts/notify. Anything not exported here is internal.
export {};
