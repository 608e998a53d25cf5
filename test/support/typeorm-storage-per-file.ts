/**
 * Gives each test file a TypeORM metadata storage of its own. Jest hands every test file's sandbox
 * the globals of its worker process; a worker that has loaded TypeORM itself (the global setup
 * migrates with it) has a `typeormMetadataArgsStorage`, and every file's entity decorators wrote to
 * that one object. It kept each finished file's entity classes, and through them the file's whole
 * sandbox, alive: about 16 MB a file, and workers too large to exit in the time Jest gives them.
 */
(globalThis as { typeormMetadataArgsStorage?: unknown }).typeormMetadataArgsStorage = undefined;
