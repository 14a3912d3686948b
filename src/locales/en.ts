import type { Messages } from './shape.js';

/** English, the fallback language. */
export default {
  pending: 'Updating your subscription…',
  retry: 'Try again',
  confirm: {
    delay: 'Delay my next order by {days} days',
    skip: 'Skip my next order',
    reactivate: 'Reactivate my subscription',
    upsell: 'Add {quantity} × {product} to my next order',
  },
  success: {
    delay: 'Done! Your next order will ship {days} days later.',
    skip: 'Done! Your next order is skipped.',
    reactivate:
      'Welcome back! Your subscription is active again: your first order is set for tomorrow and will be charged then.',
    upsell: 'Done! {quantity} × {product} will come with your next order.',
  },
  error: {
    missing_token: 'This link is incomplete: it has no token.',
    unknown_action: 'This link asks for an unknown action.',
    invalid_link: 'This link looks damaged.',
    used_token: 'This link was already used: the change is already made.',
    expired_token: 'This link has expired.',
    rejected: 'Your subscription could not be updated.',
    network: 'Could not reach the server.',
    timeout: 'The server took too long to answer.',
    server: 'Something went wrong on our side.',
    unexpected: 'Something unexpected went wrong on this page.',
  },
} satisfies Messages;
