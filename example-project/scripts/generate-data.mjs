#!/usr/bin/env node
// Deterministic sample data for the `shop` example project.
//
//   node example-project/scripts/generate-data.mjs
//
// Plain Node (>= 20), no dependencies. Every random choice comes from a seeded PRNG and every date
// is fixed in 2024, so running the script twice produces byte-identical files. The output is
// checked in under domains/<domain>/data/; re-run the script only when you change it.
//
// The data simulates six months of a small web shop (orders 2024-01-01 .. 2024-06-30, extracted on
// 2024-07-01 12:00 UTC) along the customer journey: checkout -> payments -> shipping. On purpose, it contains
// the problems that operational data has (see README.md, "Data quirks"):
//   - duplicate events (at-least-once delivery into append-only storage),
//   - fields renamed in newer events, fields missing in older events, values in another format,
//   - outliers (an amount 1000x too large, a negative amount, weights in grams instead of kg),
//   - incomplete records (nulls where a value is required).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive bounds
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
    poisson: (mean) => {
      const l = Math.exp(-mean);
      let k = 0;
      let p = 1;
      do {
        k += 1;
        p *= next();
      } while (p > l);
      return k - 1;
    },
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = '4';
      hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
      const s = hex.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
  return r;
}

// One stream per concern, so that changing one part of the generator does not reshuffle the rest.
const rngCustomers = prng(20240101);
const rngOrders = prng(20240102);
const rngPayments = prng(20240103);
const rngShipping = prng(20240104);
const rngQuirks = prng(20240105);

// ---------------------------------------------------------------------------------------------
// Calendar (all UTC)
// ---------------------------------------------------------------------------------------------

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const utc = (y, m, d, hh = 0, mm = 0, ss = 0) => Date.UTC(y, m - 1, d, hh, mm, ss);

const FIRST_DAY = utc(2024, 1, 1);
const ORDER_DAYS = 182; // 2024-01-01 .. 2024-06-30
const EXTRACTED_AT = utc(2024, 7, 1, 12); // events after this instant are not in the files yet

const APP_LAUNCH = utc(2024, 2, 15); // checkout: `channel` exists since the app launch
const CUSTOMER_ID_RENAME = utc(2024, 3, 1); // checkout: `customerId` -> `customer_id`
const GATEWAY_V2 = utc(2024, 3, 15); // payments: `amount_cents` -> `amount` (decimal text), + `provider`
const MARKETPLACE_LAUNCH = utc(2024, 4, 1); // checkout: third sales channel
const CARRIER_API_V2 = utc(2024, 4, 1); // shipping: `carrier_code` -> `carrier`, lower-case status, + `service_level`

const iso = (ms) => new Date(Math.floor(ms / SEC) * SEC).toISOString().replace('.000Z', 'Z');
const sqlTs = (ms) => iso(ms).replace('T', ' ').replace('Z', '');
const money = (cents) => (cents / 100).toFixed(2);

// ---------------------------------------------------------------------------------------------
// Customers (checkout): a CSV export of the shop's customer table, one row per change
// ---------------------------------------------------------------------------------------------

const FIRST_NAMES = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Finn', 'Greta', 'Hugo', 'Ida', 'Jonas',
  'Lena', 'Lukas', 'Marie', 'Noah', 'Olivia', 'Paul', 'Sophie', 'Tom', 'Ute', 'Vincent', 'Wim',
  'Xenia', 'Yara', 'Zoe', 'Camille', 'Lucas', 'Sanne', 'Daan', 'Julie', 'Thomas'];
const LAST_NAMES = ['Muller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker',
  'de Jong', 'Jansen', 'de Vries', 'Bakker', 'Martin', 'Bernard', 'Dubois', 'Laurent', 'Gruber',
  'Huber', 'Peeters', 'Maes', 'Janssens', 'Hofmann', 'Koch', 'Richter'];
const COUNTRIES = [['DE', 45], ['NL', 20], ['FR', 15], ['AT', 10], ['BE', 10]];
const CITIES = {
  DE: ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Leipzig'],
  NL: ['Amsterdam', 'Rotterdam', 'Utrecht'],
  FR: ['Paris', 'Lyon', 'Lille'],
  AT: ['Vienna', 'Graz'],
  BE: ['Brussels', 'Antwerp', 'Ghent'],
};

const customers = [];
for (let i = 1; i <= 320; i++) {
  const first = rngCustomers.pick(FIRST_NAMES);
  const last = rngCustomers.pick(LAST_NAMES);
  const country = rngCustomers.weighted(COUNTRIES);
  // The first 40 customers registered on launch day; the others over the half-year.
  const signup = i <= 40
    ? FIRST_DAY + rngCustomers.int(0, DAY / SEC - 1) * SEC
    : FIRST_DAY + rngCustomers.int(0, 170 * DAY / SEC) * SEC;
  const local = `${first}.${last}`.toLowerCase().replace(/ /g, '');
  customers.push({
    customer_id: `C${String(i).padStart(5, '0')}`,
    email: `${local}${i}@example.com`,
    first_name: first,
    last_name: last,
    country,
    city: rngCustomers.pick(CITIES[country]),
    signup_at: signup,
  });
}
customers.sort((a, b) => a.signup_at - b.signup_at || a.customer_id.localeCompare(b.customer_id));

// Export rows: the original row, plus a second row for customers who changed their e-mail address.
const customerRows = [];
for (const c of customers) {
  customerRows.push({ ...c, updated_at: c.signup_at });
}
// Quirk: e-mail addresses typed with capitals and surrounding blanks (normalized in cleaned).
for (const c of customerRows.filter((_, i) => i % 23 === 5)) {
  c.email = `  ${c.email.charAt(0).toUpperCase()}${c.email.slice(1).replace('@example.com', '@Example.COM')} `;
}
// Quirk (incomplete): customers without e-mail address.
for (const c of customerRows.filter((_, i) => i % 97 === 13)) c.email = null;
// Updates: 24 customers changed their e-mail address later on (same customer_id, later updated_at).
const changed = customerRows.filter((_, i) => i % 13 === 7).slice(0, 24);
for (const c of changed) {
  const later = Math.min(c.signup_at + rngCustomers.int(5, 60) * DAY + rngCustomers.int(0, DAY / SEC) * SEC, utc(2024, 7, 1));
  customerRows.push({ ...c, email: `${c.first_name}.${c.last_name}.${c.customer_id.slice(1)}@mail.example.org`.toLowerCase().replace(/ /g, ''), updated_at: later });
}
customerRows.sort((a, b) => a.updated_at - b.updated_at || a.customer_id.localeCompare(b.customer_id));

// ---------------------------------------------------------------------------------------------
// Orders (checkout), payments (payments) and shipments (shipping)
// ---------------------------------------------------------------------------------------------

const PRICES = [990, 1490, 1990, 2490, 2990, 3990, 4990, 5990, 7990, 9990, 12990];
const CARRIERS_BY_COUNTRY = {
  DE: [['dhl', 60], ['dpd', 25], ['ups', 15]],
  NL: [['postnl', 70], ['dhl', 30]],
  FR: [['ups', 50], ['dpd', 50]],
  AT: [['dhl', 50], ['dpd', 50]],
  BE: [['postnl', 50], ['dpd', 30], ['ups', 20]],
};
// Days from pick-up to delivery, per carrier (weighted); express shaves one day off.
const TRANSIT_DAYS = {
  dhl: [[1, 25], [2, 50], [3, 18], [4, 5], [6, 2]],
  dpd: [[2, 30], [3, 40], [4, 20], [5, 7], [7, 3]],
  ups: [[1, 35], [2, 45], [3, 15], [5, 5]],
  postnl: [[1, 30], [2, 40], [3, 20], [4, 7], [6, 3]],
};
const HUBS = {
  DE: ['Hannover hub', 'Kassel hub', 'Nuremberg hub'],
  NL: ['Nieuwegein hub', 'Amsterdam hub'],
  FR: ['Paris-Nord hub', 'Lyon hub'],
  AT: ['Vienna hub', 'Linz hub'],
  BE: ['Brussels hub', 'Antwerp hub'],
};

const orderEvents = []; // { occurred_at (ms), event_type, payload }
const paymentEvents = [];
const shipmentEvents = [];

// Orders per day: slow growth over the half-year, more on weekends.
const placements = [];
for (let d = 0; d < ORDER_DAYS; d++) {
  const day = FIRST_DAY + d * DAY;
  const dow = new Date(day).getUTCDay();
  const mean = 2.6 + 2.4 * (d / (ORDER_DAYS - 1)) + (dow === 0 || dow === 6 ? 0.8 : 0);
  const n = rngOrders.poisson(mean);
  const times = [];
  for (let k = 0; k < n; k++) times.push(day + rngOrders.int(6 * 3600, 23 * 3600 + 3599) * SEC);
  times.sort((a, b) => a - b);
  placements.push(...times);
}

let paymentSeq = 0;
let refundSeq = 0;
let shipmentSeq = 0;
const orders = [];

for (let i = 0; i < placements.length; i++) {
  const placedAt = placements[i];
  const orderId = `O${String(i + 1).padStart(5, '0')}`;
  const eligible = customers.filter((c) => c.signup_at <= placedAt);
  const customer = rngOrders.pick(eligible);
  const items = rngOrders.weighted([[1, 40], [2, 30], [3, 18], [4, 12]]);
  let totalCents = 0;
  for (let k = 0; k < items; k++) totalCents += rngOrders.pick(PRICES);
  const channel = placedAt < APP_LAUNCH
    ? 'web'
    : placedAt < MARKETPLACE_LAUNCH
      ? rngOrders.weighted([['web', 60], ['app', 40]])
      : rngOrders.weighted([['web', 45], ['app', 35], ['marketplace', 20]]);
  const order = { orderId, placedAt, customer, items, totalCents, channel, country: customer.country, city: customer.city };
  orders.push(order);

  // -- checkout: order_placed ------------------------------------------------------------
  const placedPayload = { order_id: orderId };
  if (placedAt < CUSTOMER_ID_RENAME) placedPayload.customerId = customer.customer_id;
  else placedPayload.customer_id = customer.customer_id;
  if (placedAt >= APP_LAUNCH) placedPayload.channel = channel;
  placedPayload.shipping_address = { country: order.country, city: order.city };
  placedPayload.item_count = items;
  placedPayload.order_total = totalCents / 100;
  placedPayload.currency = 'EUR';
  order.placedEvent = { occurred_at: placedAt, event_type: 'order_placed', payload: placedPayload };
  orderEvents.push(order.placedEvent);

  // -- payments -----------------------------------------------------------------------------
  const amountFields = (at, cents) => (at < GATEWAY_V2 ? { amount_cents: cents } : { amount: money(cents) });
  const method = rngPayments.weighted([['card', 55], ['paypal', 30], ['klarna', 15]]);
  const provider = method === 'card' ? 'adyen' : method;
  const attempt = (at, outcome) => {
    paymentSeq += 1;
    const paymentId = `P${String(paymentSeq).padStart(6, '0')}`;
    const attempted = { payment_id: paymentId, order_id: orderId, method, ...amountFields(at, totalCents), currency: 'EUR' };
    if (at >= GATEWAY_V2) attempted.provider = provider;
    const ev = { occurred_at: at, event_type: 'payment_attempted', payload: attempted };
    paymentEvents.push(ev);
    const doneAt = at + rngPayments.int(2, 25) * SEC;
    if (outcome === 'failed') {
      paymentEvents.push({
        occurred_at: doneAt,
        event_type: 'payment_failed',
        payload: { payment_id: paymentId, order_id: orderId, failure_reason: rngPayments.weighted([['card_declined', 50], ['insufficient_funds', 30], ['authentication_timeout', 20]]) },
      });
    } else {
      paymentEvents.push({ occurred_at: doneAt, event_type: 'payment_captured', payload: { payment_id: paymentId, order_id: orderId, ...amountFields(doneAt, totalCents) } });
    }
    return { paymentId, attemptedAt: at, doneAt, attemptEvent: ev };
  };
  const refund = (at, cents, paymentId, reason) => {
    refundSeq += 1;
    const ev = {
      occurred_at: at,
      event_type: 'refund_issued',
      payload: { refund_id: `R${String(refundSeq).padStart(5, '0')}`, payment_id: paymentId, order_id: orderId, ...amountFields(at, cents), reason },
    };
    paymentEvents.push(ev);
    return ev;
  };

  const fate = rngPayments.next();
  if (fate < 0.07) {
    // Abandoned: zero to two failed attempts, then checkout cancels the order after 24 hours.
    const failures = rngPayments.int(0, 2);
    let t = placedAt + rngPayments.int(30, 600) * SEC;
    for (let k = 0; k < failures; k++) t = attempt(t, 'failed').doneAt + rngPayments.int(30, 300) * SEC;
    order.cancelledAt = placedAt + DAY;
    orderEvents.push({ occurred_at: order.cancelledAt, event_type: 'order_cancelled', payload: { order_id: orderId, reason: 'payment_timeout', cancelled_by: 'system' } });
    continue;
  }
  let t = placedAt + rngPayments.int(30, 600) * SEC;
  if (rngPayments.chance(method === 'card' ? 0.15 : 0.06)) t = attempt(t, 'failed').doneAt + rngPayments.int(20, 400) * SEC;
  const paid = attempt(t, 'captured');
  order.paymentId = paid.paymentId;
  order.paidAt = paid.doneAt + rngPayments.int(1, 5) * SEC;
  orderEvents.push({ occurred_at: order.paidAt, event_type: 'order_paid', payload: { order_id: orderId, payment_id: paid.paymentId } });

  if (rngPayments.chance(0.04)) {
    // Cancelled by the customer before shipping: full refund.
    order.cancelledAt = order.paidAt + rngPayments.int(1, 10) * HOUR;
    orderEvents.push({ occurred_at: order.cancelledAt, event_type: 'order_cancelled', payload: { order_id: orderId, reason: 'customer_request', cancelled_by: 'customer' } });
    order.refundEvent = refund(order.cancelledAt + rngPayments.int(20, 120) * MIN, totalCents, paid.paymentId, 'order_cancelled');
    continue;
  }

  // -- shipping -------------------------------------------------------------------------------
  const split = items >= 2 && rngShipping.chance(0.08);
  const parcels = split ? [Math.ceil(items / 2), Math.floor(items / 2)] : [items];
  const carrier = rngShipping.weighted(CARRIERS_BY_COUNTRY[order.country]);
  let lastDelivered = null;
  let labelAt = order.paidAt + rngShipping.int(2, 20) * HOUR;
  order.shipments = [];
  for (const parcelItems of parcels) {
    shipmentSeq += 1;
    const shipmentId = `S${String(shipmentSeq).padStart(5, '0')}`;
    const serviceLevel = labelAt >= CARRIER_API_V2 && rngShipping.chance(0.2) ? 'express' : 'standard';
    const weightKg = Math.round((0.2 + parcelItems * (0.3 + rngShipping.next() * 1.2)) * 100) / 100;
    const tracking = `${carrier.toUpperCase()}${rngShipping.int(100000000, 999999999)}`;
    const shipment = { shipmentId, labelAt, carrier, events: [] };
    order.shipments.push(shipment);
    const emit = (at, status, extra = {}) => {
      if (at > EXTRACTED_AT) return null; // not happened yet when the data was extracted
      const v2 = at >= CARRIER_API_V2;
      const payload = { shipment_id: shipmentId };
      if (v2) payload.carrier = carrier;
      else payload.carrier_code = carrier.toUpperCase();
      payload.status = v2 ? status : status.toUpperCase();
      Object.assign(payload, extra);
      const ev = { occurred_at: at, event_type: status === 'label_created' ? 'shipment_created' : 'shipment_status_changed', payload };
      shipmentEvents.push(ev);
      shipment.events.push(ev);
      return ev;
    };
    const created = { order_id: orderId, tracking_number: tracking, weight_kg: weightKg };
    if (labelAt >= CARRIER_API_V2) created.service_level = serviceLevel;
    shipment.createdEvent = emit(labelAt, 'label_created', created);
    const pickedAt = labelAt + rngShipping.int(4, 30) * HOUR + rngShipping.int(0, 3599) * SEC;
    emit(pickedAt, 'picked_up', { location: `${order.country} warehouse` });
    let scanAt = pickedAt;
    const scans = rngShipping.int(1, 2);
    for (let k = 0; k < scans; k++) {
      scanAt += rngShipping.int(2, 10) * HOUR + rngShipping.int(0, 3599) * SEC;
      emit(scanAt, 'in_transit', { location: rngShipping.pick(HUBS[order.country]) });
    }
    if (rngShipping.chance(0.008)) {
      emit(scanAt + 7 * DAY, 'lost', { location: null });
      labelAt += rngShipping.int(1, 2) * DAY;
      continue;
    }
    let days = rngShipping.weighted(TRANSIT_DAYS[carrier]);
    if (serviceLevel === 'express') days = Math.max(1, days - 1);
    const pickedDay = Math.floor(pickedAt / DAY) * DAY;
    let outAt = pickedDay + days * DAY + rngShipping.int(7 * 3600, 10 * 3600) * SEC;
    if (outAt <= scanAt) outAt = scanAt + rngShipping.int(1, 3) * HOUR;
    emit(outAt, 'out_for_delivery', { location: order.city });
    const deliveredAt = outAt + rngShipping.int(20, 360) * MIN;
    if (emit(deliveredAt, 'delivered', { location: order.city })) {
      lastDelivered = deliveredAt;
      shipment.deliveredAt = deliveredAt;
    }
    labelAt += rngShipping.int(1, 2) * DAY;
  }

  // Returns: a part of the delivered orders is sent back and (partly) refunded.
  if (lastDelivered !== null && rngPayments.chance(0.05)) {
    const share = rngPayments.pick([0.5, 1, 1]);
    const at = lastDelivered + rngPayments.int(3, 14) * DAY + rngPayments.int(0, DAY / SEC - 1) * SEC;
    if (at <= EXTRACTED_AT) order.refundEvent = refund(at, Math.round(totalCents * share), paid.paymentId, 'returned');
  }
}

// ---------------------------------------------------------------------------------------------
// Quirks
// ---------------------------------------------------------------------------------------------
const quirks = {};

// checkout -- outliers: one order total 1000x too large (milli-euros), one negative (a test order).
orders[119].placedEvent.payload.order_total = orders[119].totalCents * 10; // cents * 10 = euros * 1000
orders[479].placedEvent.payload.order_total = -orders[479].totalCents / 100;
quirks.checkout_outlier_orders = [orders[119].orderId, orders[479].orderId];

// checkout -- incomplete: four orders without customer, five without shipping country.
const noCustomer = [33, 201, 388, 612].filter((i) => i < orders.length);
for (const i of noCustomer) {
  const p = orders[i].placedEvent.payload;
  if ('customerId' in p) p.customerId = null;
  else p.customer_id = null;
}
quirks.checkout_orders_without_customer = noCustomer.map((i) => orders[i].orderId);
const noCountry = [57, 140, 333, 505, 690].filter((i) => i < orders.length);
for (const i of noCountry) orders[i].placedEvent.payload.shipping_address.country = null;
quirks.checkout_orders_without_country = noCountry.map((i) => orders[i].orderId);

// checkout -- incomplete: three cancellations without a reason (field missing).
const cancels = orderEvents.filter((e) => e.event_type === 'order_cancelled');
for (const e of [cancels[2], cancels[9], cancels[17]]) delete e.payload.reason;
quirks.checkout_cancellations_without_reason = 3;

// checkout -- incomplete: one order_placed event without order_id (a broken client release).
orderEvents.push({
  occurred_at: utc(2024, 5, 14, 9, 12, 44),
  event_type: 'order_placed',
  payload: { order_id: null, customer_id: 'C00007', channel: 'app', shipping_address: { country: 'DE', city: 'Berlin' }, item_count: 1, order_total: 19.9, currency: 'EUR' },
});

// payments -- incomplete: three attempts without payment_id; four without method.
for (const [k, at] of [[5, utc(2024, 2, 3, 10, 1, 2)], [250, utc(2024, 4, 20, 18, 30, 0)], [600, utc(2024, 6, 11, 7, 45, 30)]]) {
  paymentEvents.push({ occurred_at: at, event_type: 'payment_attempted', payload: { payment_id: null, order_id: orders[k].orderId, method: 'card', ...(at < GATEWAY_V2 ? { amount_cents: orders[k].totalCents } : { amount: money(orders[k].totalCents) }), currency: 'EUR' } });
}
const attempts = paymentEvents.filter((e) => e.event_type === 'payment_attempted' && e.payload.payment_id);
for (const i of [10, 220, 430, 640]) attempts[i].payload.method = null;
quirks.payments_attempts_without_method = [10, 220, 430, 640].map((i) => attempts[i].payload.payment_id);

// payments -- outlier: one refund 1000x too large.
const refunds = paymentEvents.filter((e) => e.event_type === 'refund_issued');
const bigRefund = refunds[Math.floor(refunds.length / 2)];
if ('amount_cents' in bigRefund.payload) bigRefund.payload.amount_cents *= 1000;
else bigRefund.payload.amount = money(Math.round(Number(bigRefund.payload.amount) * 100) * 1000);
quirks.payments_refund_outlier = bigRefund.payload.refund_id;

// shipping -- outlier: three parcels weighed in grams instead of kilograms.
const creations = shipmentEvents.filter((e) => e.event_type === 'shipment_created');
for (const i of [40, 300, 520]) creations[i].payload.weight_kg = Math.round(creations[i].payload.weight_kg * 1000);
quirks.shipping_weight_outliers = [40, 300, 520].map((i) => creations[i].payload.shipment_id);

// shipping -- incomplete: six scans without status (a carrier sent empty updates).
const scans = shipmentEvents.filter((e) => e.payload.status && e.payload.status.toLowerCase() === 'in_transit');
for (const i of [3, 150, 420, 600, 750, 900]) {
  const src = scans[i];
  const copy = { occurred_at: src.occurred_at + 17 * MIN, event_type: 'shipment_status_changed', payload: { ...src.payload, status: null, location: null } };
  shipmentEvents.push(copy);
}

// ---------------------------------------------------------------------------------------------
// Envelope, ordering, duplicates, output
// ---------------------------------------------------------------------------------------------

/** Sorts events by time, assigns ids and repeats `duplicates` of them a few lines later. */
function finalize(events, rng, duplicates) {
  const kept = events.filter((e) => e.occurred_at <= EXTRACTED_AT);
  kept.sort((a, b) => a.occurred_at - b.occurred_at);
  const lines = kept.map((e) => ({ event_id: rng.uuid(), event_type: e.event_type, occurred_at: iso(e.occurred_at), payload: e.payload }));
  // At-least-once delivery: the same event (same event_id, same content) is stored again.
  const chosen = new Set();
  while (chosen.size < duplicates) chosen.add(rng.int(0, lines.length - 1));
  const inserts = [...chosen].sort((a, b) => b - a); // from the end, so earlier positions stay valid
  for (const pos of inserts) {
    const at = Math.min(lines.length, pos + 1 + rng.int(0, 40));
    lines.splice(at, 0, structuredClone(lines[pos]));
  }
  return lines;
}

const checkoutLines = finalize(orderEvents, rngQuirks, 12);
const paymentLines = finalize(paymentEvents, rngQuirks, 15);
const shipmentLines = finalize(shipmentEvents, rngQuirks, 20);

function write(rel, text) {
  const file = join(ROOT, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`${rel}: ${text.split('\n').length - 1} lines`);
}
const jsonl = (lines) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const csvField = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\s]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

write('domains/checkout/data/order_events.jsonl', jsonl(checkoutLines));
write('domains/payments/data/payment_events.jsonl', jsonl(paymentLines));
write('domains/shipping/data/shipment_events.jsonl', jsonl(shipmentLines));
write(
  'domains/checkout/data/customers_export.csv',
  ['customer_id,email,first_name,last_name,country,city,signup_at,updated_at']
    .concat(customerRows.map((c) => [c.customer_id, c.email, c.first_name, c.last_name, c.country, c.city, sqlTs(c.signup_at), sqlTs(c.updated_at)].map(csvField).join(',')))
    .join('\n') + '\n',
);

console.log(`orders: ${orders.length}, payments: ${paymentSeq}, refunds: ${refundSeq}, shipments: ${shipmentSeq}`);
console.log('quirks:', JSON.stringify(quirks));
