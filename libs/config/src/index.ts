export * from './api-token-pattern';
export * from './app-config';
export * from './config.module';
export * from './invalid-config.error';
export * from './load-config';
export * from './trust-proxy-setting';
export * from './metrics-scrape-allowed';
export * from './process-logger';
