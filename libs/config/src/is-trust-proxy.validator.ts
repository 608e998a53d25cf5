import { registerDecorator } from 'class-validator';
import { trustProxySetting } from './trust-proxy-setting';

/** A TRUST_PROXY value Express reads as meant (trustProxySetting). */
export function IsTrustProxy(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be true, false, a number of proxy hops, or addresses and subnets (e.g. loopback,10.0.0.0/8)`,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && trustProxySetting(value) !== null,
      },
    });
}
