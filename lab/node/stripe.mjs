// Stripe receiver using the official SDK's constructEvent (300 s tolerance) and
// handling each event id once, as Stripe's docs ask.
import Stripe from 'stripe';
import { firstDelivery, SECRET, serve } from './_server.mjs';

const stripe = new Stripe('sk_test_lab_placeholder');

serve('/stripe', async (req, raw) => {
  try {
    stripe.webhooks.constructEvent(raw, req.headers['stripe-signature'] ?? '', SECRET);
  } catch {
    return [400, { error: 'invalid signature' }];
  }
  if (!firstDelivery(raw)) return [409, { error: 'duplicate event' }];
  return [200, { received: true }];
});
