// The public API of @b2c-alerts/console. Anything not exported here is internal.
export {};
