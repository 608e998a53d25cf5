import { WebhookEventType } from '@app/domain/notifications/webhook-event-type';
import { CallbacksObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { WEBHOOK_PAYLOAD_SCHEMAS } from './webhook-payload-schemas';

/**
 * The deliveries a webhook subscription receives, one callback per event, each with its body's
 * schema (WEBHOOK_PAYLOAD_SCHEMAS). Keyed without the event's dot: the NLGov linter takes a key
 * containing "post" (session.postponed) for an operation.
 */
export const WEBHOOK_CALLBACKS: CallbacksObject = Object.fromEntries(
  Object.values(WebhookEventType).map((event) => {
    const { name } = WEBHOOK_PAYLOAD_SCHEMAS[event];
    return [
      name,
      {
        '{$request.body#/url}': {
          post: {
            summary: event,
            description:
              'Signed JSON. Verify Leerlus-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" ' +
              'with the subscription secret>) before trusting the body. Delivery is at least once: ' +
              'deduplicate on id.',
            parameters: [
              {
                name: 'Leerlus-Event',
                in: 'header',
                required: true,
                schema: { type: 'string', enum: [event] },
              },
              {
                name: 'Leerlus-Signature',
                in: 'header',
                required: true,
                schema: { type: 'string', example: 't=1767225600,v1=5f0c…' },
              },
            ],
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
            },
            responses: {
              '2XX': { description: 'Received: the delivery is sent (the answer body is not read)' },
              '400': {
                description:
                  'Not received, as any answer outside 2XX (a redirect too) or none within 10 s: the ' +
                  'delivery is tried again (30 s, 1 min, 2 min, …) until its attempts run out, then failed',
              },
            },
          },
        },
      },
    ];
  }),
);
