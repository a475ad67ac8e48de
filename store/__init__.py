"""Persistence: the only package that imports sqlmodel. Pages and CLIs call its services.

Every service is keyword-only, takes a `Session`, and is one transaction (commit or roll back);
business refusals raise `store.errors.StoreError` (`.code`, `.message`, `.data`).

- `db`: `make_engine(url)`, `create_tables(engine)` / `migrate(engine)` (Alembic), `transaction`, `atomic`
- `catalogs`: `sync_folder`, `publish`, `current_versions`, `current_version`, `catalog_of`; every stored
  version passed `catalog_proof.require_proof` (the catalog proof in a bounded separate process)
- `customers`: `register` (`email-validator`; `passwords.check_password`: 12+ characters, not a common one),
  `get_customer`, `set_role` (ends the account's sessions), `create_admin`; `sign_in.authenticate` (argon2, growing
  delays per account and client address via `throttle`, known browsers, e-mailed unlock codes)
- `accounts`: `sign_up` (limited per address, verification e-mail), `verify_email`, `change_password`,
  `request_reset` / `reset_password` (single-use 30-minute link); `account_codes` (one-time codes, hashed)
- `drafts`: `open_draft`, `save_draft` (optimistic locking, audited), `import_catalog`, `publish_draft`,
  `withdraw_version`, `families`; `staff.authorize` re-checks a role inside a write
- `designs`: `save_design`, `get_design`, `list_designs`
- `carts`: `checkout_key` (the cart's payment key, kept across reloads), `create_cart`, `add_to_cart`,
  `remove_from_cart`, `set_quantity`, `set_coupon`, `set_redeem_points`,
  `view_cart` (every line; invalid ones in `problems`, out of the quote)
- `orders`: `place_order`, `Buyer`, `PaymentDetails`, `claim_guest_orders`; `quotes.Delivery`; its steps
  (validate, price, pay, record) in `order_steps`, `intents` (payment intents), `order_record`
- `reconcile.reconcile`: finish or refund payment intents a crash left open (`python -m store reconcile`)
- `worker`: `python -m store worker`, the periodic jobs (stale payments, the outbox); `health.readiness`
  (database reachable, schema current: app processes check it, `python -m store migrate` migrates)
- `orders`: `place_order`, `Buyer`, `PaymentDetails`, `claim_guest_orders`; `quotes.Delivery`;
  `checkout_details`: `BuyerDetails`, `DeliveryDetails`, `checked` (what place_order validates first)
- `input_checks`: typed text refused alike on both databases (length, NUL and control characters,
  e-mail, phone, coupon code shape), pydantic errors turned into BAD_INPUT naming the field
- `lifecycle`: `Status`, `TRANSITIONS`, `get_order`, `account_orders`, `change_status`, `cancel_order`
  (stock and loyalty points back once)
- `aftersales`: `request_return`, `resolve_return`, `add_review`, `reply_to_review`, `reviews_for_product`,
  `post_message`, `messages`, `after_sales` (an order's requests and reviews)
- `product_reviews`: `ratings` (review count and average stars of many products, one query),
  `product_reviews` (a product's reviews a page at a time, newest first, with the shop's reply)
- `stock`: `receive_stock`, `stock_levels`; `coupons.create_coupon`; `notify.deliver_outbox`
- `payments`: `PaymentProvider` (Protocol), `TestPaymentProvider` (test mode: 4242 4242 4242 4242 succeeds,
  4000 0000 0000 0002 is declined; its ledger outside the database); `hosted_payments`: a hosted payment
  page (signed redirect, HMAC-verified webhooks); docs/payments.md
- `exchanges`: `check_exchange` (an item and new choices, same or lower price), `make_replacement` (on approval:
  one replacement order at no charge, linked both ways)
- `browser_sessions`: `issue` (server-made tokens, rotated at sign-in), `recall` (never adopts an unknown token),
  `sign_out` (every session of the account), `sign_out_here` (this browser's only), `revoke_all`,
  `redeem_handoff` (the cookie route's one-time code)
- `funnel.record_configure_started` (the first step of the configure -> cart -> order funnel);
  `popularity.option_popularity` (aggregates for "finish with the most popular choices")

Staff services (each re-checks the role inside its own transaction and writes an audit row):

- `catalog_releases`: `publish_draft`, `withdraw_version`, `list_versions`, `families`; `draft_text` (drafts' YAML)
- `staff_accounts`: `list_accounts`, `change_role` (the last admin keeps the role), `create_staff_account` (must
  choose a password at first sign-in), `set_active` (deactivation ends every session at once)
- `operations.list_orders` (filters, "needs attention"), `order_detail.order_detail`; `order_actions`:
  `advance_order`, `complete_step`, `settle_return`, `reply_to_message`, `answer_review`
- `materials`: `stock_levels` (reorder flags), `update_settings`, `receive`; `purchasing`: `purchase_needs`,
  `mark_ordered`, `mark_many_ordered` (several materials in one go), `mark_received` (stock added once)
- `crm`: `list_customers`, `customer_detail`, `save_profile`, `preview_segment`, `save_segment`, `list_segments`;
  `crm_rules` (who is a customer, segment rules); `campaigns.target_segment` (a coupon only its recipients can
  redeem); `crm_privacy`: `export_customer`, `erase_customer` (`crm_scrub`: the personal text it blanks inside
  the rows it keeps: lines sold, payment intents, order notes, audit data)
- `analytics`: `option_popularity`, `revenue_over_time`, `lead_times`, `review_scores`, `returns_by_reason`;
  `analytics_kpis.kpis`; `funnel.funnel`
"""
