// Adyen notification receiver using @adyen/api-library's HmacValidator on every item,
// as Adyen documents it; the whole delivery is refused when one item fails, and each
// pspReference is handled once (Adyen signs no timestamp, so replays are ours to stop).
import adyen from '@adyen/api-library';
import { serve } from './_server.mjs';

const KEY = process.env.LAB_ADYEN_KEY ?? '';
const validator = new adyen.hmacValidator();
const seen = new Set();

function itemsOf(raw) {
  try {
    const entries = JSON.parse(raw.toString('utf8'))?.notificationItems;
    if (!Array.isArray(entries) || entries.length === 0) return [];
    return entries.map((entry) => entry?.NotificationRequestItem);
  } catch {
    return [];
  }
}

function validItem(item) {
  try {
    return typeof item === 'object' && item !== null && validator.validateHMAC(item, KEY);
  } catch {
    return false;
  }
}

serve('/adyen/notifications', (req, raw) => {
  const items = itemsOf(raw);
  if (items.length === 0 || !items.every(validItem)) {
    return [401, { error: 'invalid signature' }];
  }
  const fresh = items.filter((item) => !seen.has(item.pspReference));
  if (fresh.length === 0) return [409, { error: 'duplicate notification' }];
  for (const item of fresh) seen.add(item.pspReference);
  return [200, { notificationResponse: '[accepted]', processed: fresh.length }];
});
