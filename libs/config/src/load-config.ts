import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from './app-config';
import { InvalidConfigError } from './invalid-config.error';

/** Reads and validates the environment once; throws InvalidConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, defined, { excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidConfigError(
      errors.map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`),
    );
  }
  return config;
}
